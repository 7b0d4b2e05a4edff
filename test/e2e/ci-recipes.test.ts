/**
 * The CI recipes besides the GitHub Action (test/e2e/action.test.ts), each run for real on a git
 * project with committed outputs (test/helpers.ts, gitProject): the pre-commit hook
 * (.pre-commit-hooks.yaml), run as pre-commit runs a hook, and the Bazel test's script
 * (examples/bazel/check_test.sh), run in a runfiles tree with the environment `bazel test` sets.
 * Neither pre-commit nor Bazel is installed here: what they add (choosing the hook by the staged
 * files, building the runfiles tree) is simulated, and guides/ci.md says so.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cp, git, gitProject, join, readFile, ROOT, type RunResult, runInProcess, tempDir, writeFile } from "../helpers.js";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

// One project for the file; a test that edits it puts it back (git checkout): the same paths each
// time, so that the build cache (in its node_modules) serves the runs after the first.
let project: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  project = await tempDir("cws-docgen-recipes-");
  await gitProject(project.dir);
});
afterAll(() => project.cleanup());

/** Edits the committed page by hand (stale) or puts it back (current). */
async function makeStale(stale: boolean): Promise<void> {
  const page = join(project.dir, "docs/event.md");
  if (stale) await writeFile(page, `${await readFile(page, "utf8")}\nedited\n`);
  else await git(project.dir, ["checkout", "-q", "--", "docs/event.md"]);
}

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

describe(".pre-commit-hooks.yaml", () => {
  const hooks = load(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  const hook = hooks.find((h) => h.id === "cws-docgen-check")!;

  it("declares cws-docgen-check: the project's own cws-docgen, no file names, run when a schema, a template or the config is staged", () => {
    expect(hook).toMatchObject({ language: "system", pass_filenames: false, entry: "npx --no-install cws-docgen check" });
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    const files = new RegExp(hook.files);
    for (const f of ["cws-docgen.config.json", "schema/backend.schema.json", "templates/backend.md.hbs", "a/b/x.schema.json"])
      expect(f, f).toMatch(files);
    for (const f of ["docs/backend.md", "generated/backend-event.ts", "package.json", "my-cws-docgen.config.json.bak"])
      expect(f, f).not.toMatch(files);
  });

  it("passes when the outputs are current, and fails naming the stale file when one is not", async () => {
    // pass_filenames: false: the entry, split into words, with no argument added. Run for real on a stale
    // output (npx finds the project's cws-docgen, and check's exit code comes through it); on current
    // outputs, the verdict is check's own with the entry's arguments, run in-process.
    const [command, ...args] = hook.entry.split(" ");
    expect([command, ...args.slice(0, 2)]).toEqual(["npx", "--no-install", "cws-docgen"]);
    const current = await runInProcess(args.slice(2), { cwd: project.dir });
    expect(current.code, current.stderr).toBe(0);
    try {
      await makeStale(true);
      const r = await run(command!, args, project.dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain("cws-docgen: stale: docs/event.md\n");
    } finally {
      await makeStale(false);
    }
  });
});

describe("examples/bazel/check_test.sh (the sh_test's script)", () => {
  /**
   * The runfiles tree `bazel test` makes for the sh_test: TEST_SRCDIR/_main/ holding a symlink for
   * each `data` file at its workspace path (the project's config, schema and outputs), and the
   * cws-docgen executable (a shim to the built CLI, as `//tools:cws_docgen` would be).
   */
  async function runfilesTree(dir: string, workspace: string): Promise<NodeJS.ProcessEnv> {
    const main = join(dir, "runfiles/_main");
    for (const f of [
      "cws-docgen.config.json",
      "schema/event.schema.json",
      "docs/event.md",
      "generated/event.ts",
      "generated/event.validator.ts",
    ]) {
      await mkdir(join(main, f, ".."), { recursive: true });
      await symlink(join(workspace, f), join(main, f));
    }
    await mkdir(join(main, "tools"));
    await writeFile(join(main, "tools/cws_docgen"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    await mkdir(join(dir, "tmp"));
    return {
      PATH: process.env.PATH,
      TEST_SRCDIR: join(dir, "runfiles"),
      RUNFILES_DIR: join(dir, "runfiles"),
      TEST_WORKSPACE: "_main",
      TEST_TMPDIR: join(dir, "tmp"),
      HOME: join(dir, "home-not-used"),
    };
  }

  it("passes when the outputs are current, and fails naming the stale file when one is not", async () => {
    // Run for real on a stale output: the test fails (check's exit 1, which the script's exec passes on),
    // naming only that file, so the other output was read through the copied runfiles and found current.
    // Then the script's copy with the page current again passes check, run in-process where the script ran
    // it, with its caches.
    const t = await tempDir("cws-docgen-bazel-");
    try {
      const env = await runfilesTree(t.dir, project.dir);
      await makeStale(true);
      const r = await run("bash", [join(ROOT, "examples/bazel/check_test.sh"), "tools/cws_docgen", "cws-docgen.config.json"], t.dir, env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain("cws-docgen: stale: docs/event.md\n");
      expect(r.stderr, "the caches go to TEST_TMPDIR, never HOME").not.toContain("home-not-used");
      expect(existsSync(join(t.dir, "home-not-used")), "nothing is written in HOME").toBe(false);
      await makeStale(false);
      const work = join(t.dir, "tmp/cws-docgen-workspace");
      await cp(join(project.dir, "docs/event.md"), join(work, "docs/event.md"));
      const current = await runInProcess(["check", "--config", "cws-docgen.config.json"], {
        cwd: work,
        env: {
          CWS_DOCGEN_CACHE_DIR: join(t.dir, "tmp/cws-docgen-cache"),
          XDG_CACHE_HOME: join(t.dir, "tmp/cache"),
          XDG_STATE_HOME: join(t.dir, "tmp/state"),
        },
      });
      expect(current.code, current.stderr).toBe(0);
      expect(current.stderr).toBe("");
      expect(current.stdout).toContain("up to date: docs/event.md, generated/event.ts");
    } finally {
      await makeStale(false);
      await t.cleanup();
    }
  });

  it("refuses to run outside bazel test, or without its two arguments (exit 2, saying why)", async () => {
    const outside = await run("bash", [join(ROOT, "examples/bazel/check_test.sh"), "a", "b"], ROOT, { PATH: process.env.PATH });
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toContain("TEST_SRCDIR is not set");
    const usage = await run("bash", [join(ROOT, "examples/bazel/check_test.sh")], ROOT, { PATH: process.env.PATH });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: check_test.sh");
  });
});
