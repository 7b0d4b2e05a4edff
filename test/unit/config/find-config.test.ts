/**
 * The config found by looking upward (config/find-config.ts, `findConfig`): only up to the repository's
 * root, and only one that the user running the CLI owns, in a folder no other user can write to.
 * Through the command line, run in this process; a second user is real: the runs as `nobody` (its own config used,
 * root's refused) are the built CLI as a subprocess through setpriv (the suite runs as root, which is needed to
 * change users and owners).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, join, runInProcess, tempDir, writeFile, writeFiles, type RunResult } from "../../helpers.js";

const NOBODY = 65534;
const SETPRIV = "/usr/bin/setpriv";
const asRoot = process.getuid?.() === 0 && existsSync(SETPRIV);

const SCHEMA = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { a: { type: "string" } },
});
const CONFIG = JSON.stringify({ pages: [{ name: "p", schema: "s.json", docs: "p.md", types: "p.ts" }] });

/** `cws-docgen ARGS` run by the user `uid` (its group alone), in `cwd`. */
function runAs(uid: number, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      SETPRIV,
      [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath, CLI, ...args],
      { cwd, env: { ...process.env, HOME: "/nonexistent", CWS_DOCGEN_CODE_CACHE: "off" } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A folder holding a config and its schema, made by root with `mode`, then given to `owner`. */
async function configFolder(dir: string, mode: number, owner = 0): Promise<void> {
  await writeFiles(dir, { "cws-docgen.config.json": CONFIG, "s.json": SCHEMA });
  await chmod(dir, mode);
  for (const f of [dir, join(dir, "cws-docgen.config.json"), join(dir, "s.json")]) await chown(f, owner, owner);
}

/** A folder made by root and given to `owner`, readable by everyone. */
async function folder(dir: string, owner = 0): Promise<string> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  await chown(dir, owner, owner);
  return dir;
}

const PATH_LINE = "a\tstring\t-\t\n";

describe.skipIf(!asRoot)("a config found by looking upward is used only when no other user could have put it there", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await tempDir();
    // The test's folder is root's: every user may read it, only root may write to it.
    await chmod(tmp.dir, 0o755);
  });
  afterAll(() => tmp?.cleanup());

  it("nobody uses its own config, found from a subfolder (the runs as nobody can read what they need)", async () => {
    const own = join(tmp.dir, "own");
    await configFolder(own, 0o755, NOBODY);
    const r = await runAs(NOBODY, ["attributes"], await folder(join(own, "sub"), NOBODY));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(PATH_LINE);
  });

  it("a config owned by root, above nobody's folder, is refused when nobody runs the CLI: one line, exit 2", async () => {
    const rootOwned = join(tmp.dir, "root-owned");
    await configFolder(rootOwned, 0o755);
    const r = await runAs(NOBODY, ["attributes"], await folder(join(rootOwned, "mine"), NOBODY));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `cws-docgen: error: ${join(rootOwned, "cws-docgen.config.json")}: found this config, but it is owned by another user (uid 0), so another user may have put it there or may change it; it was not used\n` +
        `  hint: name it with --config ${join(rootOwned, "cws-docgen.config.json")} if you trust it (or make it and its folder yours: chown, chmod go-w)\n`,
    );
  });

  it("a config owned by nobody is refused when root runs the CLI, and used when named with --config", async () => {
    const nobodys = join(tmp.dir, "nobodys");
    await configFolder(nobodys, 0o755, NOBODY);
    const cwd = await folder(join(nobodys, "sub"));
    const found = await runInProcess(["attributes"], { cwd });
    expect(found.code).toBe(2);
    expect(found.stderr).toMatch(
      /^cws-docgen: error: \/\S+\/nobodys\/cws-docgen\.config\.json: found this config, but it is owned by another user \(uid 65534\),/,
    );
    const named = await runInProcess(["attributes", "--config", "../cws-docgen.config.json"], { cwd });
    expect(named.stderr).toBe("");
    expect(named.code).toBe(0);
    expect(named.stdout).toBe(PATH_LINE);
  });

  // The checks compare owners with the user running, whoever it is (nobody's runs above show it for a user other
  // than root): the folders anyone can write to are tested with root running, in this process.
  it("a config planted by nobody in a /tmp-like folder (mode 1777) is refused when root runs the CLI below it", async () => {
    const shared = join(tmp.dir, "shared");
    await configFolder(shared, 0o1777);
    await chown(join(shared, "cws-docgen.config.json"), NOBODY, NOBODY);
    const r = await runInProcess(["attributes"], { cwd: await folder(join(shared, "mine")) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: found this config, but it is owned by another user \(uid 65534\),/);
  });

  it("root's own config in a folder anyone can write to is refused too: another user could replace it", async () => {
    const shared = join(tmp.dir, "shared-own");
    await configFolder(shared, 0o1777);
    const r = await runInProcess(["attributes"], { cwd: await folder(join(shared, "mine")) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: found this config, but its folder can be written by other users \(mode 1777\),/);
  });

  it("root's own config in a folder its shared group can write is refused, in the folder itself too; its private group's is used", async () => {
    const group = join(tmp.dir, "group");
    await configFolder(group, 0o775);
    // A umask of 002 with user private groups (Debian's default for users): the group is root's alone.
    const own = await runInProcess(["attributes"], { cwd: group });
    expect(own.stderr).toBe("");
    expect([own.code, own.stdout]).toEqual([0, PATH_LINE]);
    // The same mode with a group others are in (users, gid 100).
    await chown(group, 0, 100);
    const r = await runInProcess(["attributes"], { cwd: group });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cws-docgen: error: cws-docgen\.config\.json: found this config, but its folder can be written by other users \(mode 775\),/,
    );
  });

  it("root's own config in a folder owned by nobody is refused: nobody could replace it", async () => {
    const theirs = join(tmp.dir, "theirs");
    await configFolder(theirs, 0o755);
    await chown(theirs, NOBODY, NOBODY);
    const r = await runInProcess(["attributes"], { cwd: theirs });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: found this config, but its folder is owned by another user \(uid 65534\),/);
  });
});

describe("the config is looked for up to the repository's root, never above it", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp?.cleanup());

  for (const [kind, make] of [
    ["a folder", (repo: string) => mkdir(join(repo, ".git"))],
    ["a file (a worktree, a submodule)", (repo: string) => writeFile(join(repo, ".git"), "gitdir: ../elsewhere\n")],
  ] as const) {
    it(`a config above a repository whose .git is ${kind} is not found from inside it`, async () => {
      const outer = join(tmp.dir, kind.split(" ")[1]!);
      await writeFiles(outer, { "cws-docgen.config.json": CONFIG, "s.json": SCHEMA, "repo/sub/README": "x\n" });
      const repo = join(outer, "repo");
      const cwd = join(repo, "sub");
      // Without .git, the config above is found: the refusal below is the repository's root's doing.
      const before = await runInProcess(["attributes"], { cwd });
      expect(before.stderr).toBe("");
      expect(before.stdout).toBe(PATH_LINE);
      await make(repo);
      const r = await runInProcess(["attributes"], { cwd });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^cws-docgen: error: cws-docgen\.config\.json: no config file in \S+ or any folder above it up to the repository's root/,
      );
    });
  }

  it("a config in the repository's root itself is found from a subfolder", async () => {
    const repo = join(tmp.dir, "root-config");
    await writeFiles(repo, { "cws-docgen.config.json": CONFIG, "s.json": SCHEMA, "a/b/README": "x\n" });
    await mkdir(join(repo, ".git"));
    const r = await runInProcess(["attributes"], { cwd: join(repo, "a/b") });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(PATH_LINE);
  });
});
