/** What the commands print, through the real CLI: --quiet, hints that name each command's own flags, git's words passed on, check's colours. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MASTER_SCHEMA, cp, join, runCli, tempDir, writeFile } from "./helpers.js";

/** Not run from an npm script: the stale hint then names only the cws-docgen command. */
const NO_NPM = { npm_lifecycle_event: "", npm_package_json: "" };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const PAGE = ["--schema", "s.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"];

describe("--quiet", () => {
  it("generate -q writes the outputs and prints nothing; check -q prints nothing when current, and only the stale names on stderr (no diff) when not", async () => {
    await cp(MASTER_SCHEMA, join(dir, "s.json"));
    const generated = await runCli(["generate", "-q", ...PAGE], { cwd: dir });
    expect([generated.code, generated.stdout, generated.stderr]).toEqual([0, "", ""]);
    const again = await runCli(["generate", "--quiet", ...PAGE], { cwd: dir });
    expect([again.code, again.stdout, again.stderr]).toEqual([0, "", ""]);

    const current = await runCli(["check", "--quiet", ...PAGE], { cwd: dir });
    expect([current.code, current.stdout, current.stderr]).toEqual([0, "", ""]);

    await writeFile(join(dir, "out/page.md"), "edited\n");
    const stale = await runCli(["check", "-q", ...PAGE], { cwd: dir, env: NO_NPM });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toBe(
      "cws-docgen: stale: out/page.md\n  hint: run `cws-docgen generate --schema s.json --docs-out out/page.md --types-out out/types.ts` and commit the result\n",
    );
  });

  it("still prints errors, and is refused beside --list or --format json, which ask for output", async () => {
    const failed = await runCli(["generate", "-q", "--schema", "missing.json", "--docs-out", "p.md", "--types-out", "t.ts"], { cwd: dir });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toMatch(/^cws-docgen: error: missing\.json: /);

    const list = await runCli(["check", "-q", "--list"], { cwd: dir });
    expect([list.code, list.stderr.split("\n")[0]]).toEqual([
      2,
      "cws-docgen: error: option '--list' cannot be used with option '-q, --quiet'",
    ]);
    const json = await runCli(["check", "-q", "--format", "json"], { cwd: dir });
    expect([json.code, json.stdout]).toEqual([2, ""]);
    expect(json.stderr).toContain("--quiet prints no result, and --format json asks for one on stdout");
  });

  it("is in the --help of generate and check", async () => {
    for (const command of ["generate", "check"]) {
      const help = await runCli([command, "--help"]);
      expect(help.stdout).toMatch(/^ {2}-q, --quiet {2,}\S/m);
    }
  });
});
