/** The CLI as a real subprocess, for each exit code. */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MASTER_SCHEMA, ROOT, SEED_PAGE, cp, join, npmEnv, runCli, tempDir, writeFiles, copyProject } from "./helpers.js";

/** Not run from an npm script: the stale hint then names only the cws-docgen command. */
const NO_NPM = { npm_lifecycle_event: "", npm_package_json: "" };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** A copy of the project's config, schema and outputs in a temporary folder. */
async function project(): Promise<string> {
  await copyProject(dir);
  return dir;
}

describe("cws-docgen CLI", () => {
  it("generate --schema X --docs-out Y --types-out Z renders a schema placed anywhere to the seed page", async () => {
    await cp(MASTER_SCHEMA, join(dir, "somewhere/else/master.json"), { recursive: true });
    const r = await runCli(
      ["generate", "--schema", "somewhere/else/master.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"],
      { cwd: dir },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("wrote out/page.md\nwrote out/types.ts\nwrote out/types.validator.ts\n");
    // The seed page but its `kind` line: without a config, the front matter has no `kind` (a page kind to Hugo 0.123 and later).
    expect(await readFile(join(dir, "out/page.md"), "utf8")).toBe(
      (await readFile(SEED_PAGE, "utf8")).replace("\nkind: documentation\n", "\n"),
    );
    expect(await readFile(join(dir, "out/types.ts"), "utf8")).toContain("export interface BackendEvent {");
  });

  // One folder for the three runs: the first builds, the two checks after it are served by the build cache
  // (the same folder, config and inputs), as a second run on a developer's machine is.
  it("generate with no flags reads cws-docgen.config.json and changes nothing on current outputs; check then exits 0, touching no file, and reports a removed output as missing, in one line", async () => {
    await project();
    const r = await runCli(["generate"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "unchanged docs/backend.md\nunchanged generated/backend-event.ts\nunchanged generated/backend-event.validator.ts\n",
    );

    const before = await stat(join(dir, "docs/backend.md"));
    const current = await runCli(["check"], { cwd: dir });
    expect(current.code).toBe(0);
    expect(current.stdout).toBe("up to date: docs/backend.md, generated/backend-event.ts, generated/backend-event.validator.ts\n");
    expect((await stat(join(dir, "docs/backend.md"))).mtimeMs).toBe(before.mtimeMs);

    // Missing, not a diff from nothing; a file beside the outputs that is none of them is not reported.
    await cp(join(dir, "docs/backend.md"), join(dir, "docs/kept.md"));
    const { rm } = await import("node:fs/promises");
    await rm(join(dir, "generated/backend-event.ts"));
    const missing = await runCli(["check"], { cwd: dir, env: NO_NPM });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("missing: generated/backend-event.ts\n");
    expect(missing.stderr).toBe(
      "cws-docgen: missing: generated/backend-event.ts\n  hint: run `cws-docgen generate` and commit the result\n",
    );
  });

  it("check exits 1 with a readable unified diff on stale outputs, and writes nothing", async () => {
    await project();
    const schema = JSON.parse(await readFile(join(dir, "schema/backend.schema.json"), "utf8"));
    schema.definitions.ContainerContext.properties.id.description = "Container identifier";
    await writeFiles(dir, { "schema/backend.schema.json": JSON.stringify(schema, null, 4) });
    const docsBefore = await readFile(join(dir, "docs/backend.md"), "utf8");
    const r = await runCli(["check"], { cwd: dir, env: NO_NPM });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("--- a/docs/backend.md\ton disk\n+++ b/docs/backend.md\tregenerated\n");
    expect(r.stdout).toContain("\n-| `id` | Container ID |\n+| `id` | Container identifier |\n");
    expect(r.stdout).toContain("--- a/generated/backend-event.ts");
    expect(r.stderr).toBe(
      "cws-docgen: stale: docs/backend.md, generated/backend-event.ts, generated/backend-event.validator.ts\n  hint: run `cws-docgen generate` and commit the result\n",
    );
    expect(await readFile(join(dir, "docs/backend.md"), "utf8")).toBe(docsBefore);
  });

  it("exits 2 on an unknown flag or command, with one clear line and no stack trace", async () => {
    for (const args of [["generate", "--bogus"], ["frobnicate"], ["check", "--schema"]]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cws-docgen: error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("exits 2 on bad input, naming the file and the place, and writes nothing", async () => {
    await writeFiles(dir, { "bad.json": '{\n  "properties": {\n    "a": {"type": "string",}\n  }\n}' });
    const r = await runCli(["generate", "--schema", "bad.json", "--docs-out", "out.md", "--types-out", "out.ts"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: bad\.json:3:28: invalid JSON: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(stat(join(dir, "out.md"))).rejects.toThrow();
  });

  it("exits 2 when there is neither a config nor --schema", async () => {
    const r = await runCli(["generate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cws-docgen\.config\.json: no config file in \S+ or any folder above it up to the repository.s root, and no --schema given/,
    );
  });

  it("prints --version, exiting 0 (each command's --help: test/cli-conventions.test.ts)", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    const r = await runCli(["--version"]);
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.code).toBe(0);
  });
});

describe("npm run check / generate (the build if stale, then the CLI in the same process)", () => {
  const npm = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("npm", ["run", "-s", ...args], { cwd: ROOT, env: npmEnv() }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });

  it("passes the arguments and the CLI's exit code through", async () => {
    const ok = await npm(["check", "--", "--page", "backend"]);
    expect(ok.stdout).toMatch(/^up to date: docs\/backend\.md, generated\/backend-event\.ts, /);
    expect(ok.code).toBe(0);
    const bad = await npm(["check", "--", "--no-such-flag"]);
    expect(bad.stderr).toBe("cws-docgen: error: unknown option '--no-such-flag'\n  hint: run `cws-docgen check --help` for usage\n");
    expect(bad.code).toBe(2);
  });
});
