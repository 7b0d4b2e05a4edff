/**
 * The CI recipes besides the GitHub Action (test/action.test.ts), each run for real on a git
 * project with committed outputs (test/helpers.ts, gitProject): the pre-commit hook
 * (.pre-commit-hooks.yaml), run as pre-commit runs a hook, and the Bazel test's script
 * (examples/bazel/check_test.sh), run in a runfiles tree with the environment `bazel test` sets.
 * Neither pre-commit nor Bazel is installed here: what they add (choosing the hook by the staged
 * files, building the runfiles tree) is simulated, and guides/ci.md says so.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cp, gitProject, join, readFile, ROOT, type RunResult, tempDir, writeFile } from "./helpers.js";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let project: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  project = await tempDir("cws-docgen-recipes-");
  await gitProject(project.dir);
});
afterAll(() => project.cleanup());

/** A copy of the committed project whose page is edited by hand (stale), or not. */
async function copy(stale: boolean): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const t = await tempDir("cws-docgen-recipe-");
  await cp(project.dir, t.dir, { recursive: true });
  if (stale) await writeFile(join(t.dir, "docs/event.md"), `${await readFile(join(t.dir, "docs/event.md"), "utf8")}\nedited\n`);
  return t;
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
    // pass_filenames: false: the entry, split into words, with no argument added.
    const [command, ...args] = hook.entry.split(" ");
    for (const stale of [false, true]) {
      const t = await copy(stale);
      try {
        const r = await run(command!, args, t.dir);
        expect(r.code, r.stderr).toBe(stale ? 1 : 0);
        if (stale) expect(r.stderr).toContain("docs/event.md");
      } finally {
        await t.cleanup();
      }
    }
  });
});

describe("examples/bazel/check_test.sh (the sh_test's script)", () => {
  /**
   * The runfiles tree `bazel test` makes for the sh_test: TEST_SRCDIR/_main/ holding a symlink for
   * each `data` file at its workspace path (the project's config, schema and outputs), and the
   * cws-docgen executable (a shim to the built CLI, as `//tools:cws_docgen` would be).
   */
  async function bazelTest(workspace: string): Promise<RunResult> {
    const t = await tempDir("cws-docgen-bazel-");
    try {
      const main = join(t.dir, "runfiles/_main");
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
      await mkdir(join(t.dir, "tmp"));
      const env = {
        PATH: process.env.PATH,
        TEST_SRCDIR: join(t.dir, "runfiles"),
        RUNFILES_DIR: join(t.dir, "runfiles"),
        TEST_WORKSPACE: "_main",
        TEST_TMPDIR: join(t.dir, "tmp"),
        HOME: join(t.dir, "home-not-used"),
      };
      const r = await run("bash", [join(ROOT, "examples/bazel/check_test.sh"), "tools/cws_docgen", "cws-docgen.config.json"], t.dir, env);
      expect(r.stderr, "the caches go to TEST_TMPDIR, never HOME").not.toContain("home-not-used");
      return r;
    } finally {
      await t.cleanup();
    }
  }

  it("passes when the outputs are current, and fails naming the stale file when one is not", async () => {
    for (const stale of [false, true]) {
      const t = await copy(stale);
      try {
        const r = await bazelTest(t.dir);
        expect(r.code, r.stderr).toBe(stale ? 1 : 0);
        if (stale) expect(r.stderr).toContain("docs/event.md");
      } finally {
        await t.cleanup();
      }
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
