/**
 * What the build cache keeps between runs is as hostile as the schema: an entry believed must be
 * one this user's build sealed, in a folder no one else can write, read and written without
 * following links; and a hit can do nothing a build would not. Each attack through the command line,
 * run in this process (the cache folder and the state folder, which holds the secret, given through its
 * environment); through a process of its own where the process is the point: a copy of the built bundle
 * (whose libraries the key covers) and a second user (setpriv).
 */
import { execFileSync, spawn } from "node:child_process";
import { appendFile, chmod, chown, cp, mkdir, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI, MASTER_SCHEMA, ROOT, copyBundle, join, runCli, runInProcess, tempDir } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-cache-trust-")));
afterEach(() => cleanup());

const ARGS = ["generate", "--schema", "schema.json", "--docs-out", "page.md", "--no-types", "--timings"];

/** One page-only build, run in this process: whether it was served from the cache, and its result. */
async function build(env: NodeJS.ProcessEnv, args = ARGS, cwd = dir) {
  const r = await runInProcess(args, { cwd, env });
  return { ...r, how: /\brender\b/.test(r.stderr) ? "built" : "cached" };
}

async function entries(cache: string): Promise<string[]> {
  return (await readdir(cache)).filter((f) => f.endsWith(".entry")).map((f) => join(cache, f));
}

describe("the build cache believes only this user's sealed entries", () => {
  beforeEach(() => cp(MASTER_SCHEMA, join(dir, "schema.json")));

  it("an entry sealed with another secret, or edited after sealing, is a miss; the page is rebuilt as it was", async () => {
    const cache = join(dir, "cache");
    const mine = { CWS_DOCGEN_CACHE_DIR: cache, XDG_STATE_HOME: join(dir, "state-a") };
    expect((await build(mine)).how).toBe("built");
    const page = await readFile(join(dir, "page.md"), "utf8");
    expect((await build(mine)).how).toBe("cached");
    // Another user (another secret) with the same package computes the same key: the entry is not theirs.
    expect((await build({ ...mine, XDG_STATE_HOME: join(dir, "state-b") })).how).toBe("built");
    // The entry edited in place (its seal kept): a page with a script, and a package file outside the folder.
    const [entry] = await entries(cache);
    const bytes = await readFile(entry!);
    const body = JSON.parse(bytes.subarray(32).toString("utf8")) as { docs: string };
    const forged = { ...body, docs: "<script>alert(1)</script>\n", package: [{ name: "../../victim", content: "x" }] };
    await writeFile(entry!, Buffer.concat([bytes.subarray(0, 32), Buffer.from(JSON.stringify(forged))]));
    const r = await build(mine);
    expect([r.code, r.how]).toEqual([0, "built"]);
    expect(await readFile(join(dir, "page.md"), "utf8")).toBe(page);
  });

  it("an unsealed entry in the old format, pointing its outputs anywhere, writes nothing there and is not believed by check", async () => {
    const cache = join(dir, "cache");
    const env = { CWS_DOCGEN_CACHE_DIR: cache };
    expect((await build(env)).how).toBe("built");
    const [entry] = await entries(cache);
    await writeFile(join(dir, "victim"), "victim\n");
    await writeFile(
      entry!,
      JSON.stringify({ inputs: [], docs: "<script>alert(1)</script>\n", package: [{ file: join(dir, "victim"), content: "owned\n" }] }),
    );
    await writeFile(join(dir, "page.md"), "stale\n");
    const check = await runInProcess(["check", "--schema", "schema.json", "--docs-out", "page.md", "--list"], { cwd: dir, env });
    expect(check.code).toBe(1);
    expect(check.stdout.split("\n")).toContain("page.md");
    expect((await build(env)).how).toBe("built");
    expect(await readFile(join(dir, "victim"), "utf8")).toBe("victim\n");
    expect(await readFile(join(dir, "page.md"), "utf8")).not.toContain("<script>");
  });

  it("a cache force-added to git by another machine is not believed in a clone", async () => {
    const repo = join(dir, "repo");
    await mkdir(repo);
    await cp(MASTER_SCHEMA, join(repo, "schema.json"));
    await writeFile(join(repo, "package.json"), "{}\n");
    const git = (args: string[], cwd = repo) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, stdio: "pipe" });
    git(["init", "-q"]);
    // The attacker's machine: its own secret; the cache in node_modules/.cache, committed with -f.
    const attacker = { CWS_DOCGEN_CACHE_DIR: "", XDG_STATE_HOME: join(dir, "attacker-state") };
    expect((await build(attacker, ARGS, repo)).how).toBe("built");
    git(["add", "-f", "."]);
    git(["commit", "-qm", "schema and a cache"]);
    git(["clone", "-q", repo, join(dir, "clone")]);
    expect((await entries(join(dir, "clone/node_modules/.cache/cws-docgen"))).length).toBe(1);
    const victim = { CWS_DOCGEN_CACHE_DIR: "", XDG_STATE_HOME: join(dir, "victim-state") };
    expect((await build(victim, ARGS, join(dir, "clone"))).how).toBe("built");
  });
});

describe("the build cache's files are read and written as private files", () => {
  beforeEach(() => cp(MASTER_SCHEMA, join(dir, "schema.json")));

  it("a link, a FIFO or a device where the entry goes is neither followed nor opened for reading, and never written through", async () => {
    const cache = join(dir, "cache");
    const env = { CWS_DOCGEN_CACHE_DIR: cache };
    expect((await build(env)).how).toBe("built");
    const [entry] = await entries(cache);
    const good = await readFile(entry!);
    // A valid entry reached through a link: not read.
    await writeFile(join(dir, "elsewhere.entry"), good);
    await rm(entry!);
    await symlink(join(dir, "elsewhere.entry"), entry!);
    expect((await build(env)).how).toBe("built");
    // The write replaced the link with a file of its own; the link's target is untouched.
    expect(await readFile(join(dir, "elsewhere.entry"))).toEqual(good);
    // A link to a file of the user's (authorized_keys): never written through.
    await rm(entry!);
    await writeFile(join(dir, "authorized_keys"), "ssh-ed25519 AAAA user\n");
    await symlink(join(dir, "authorized_keys"), entry!);
    expect((await build(env)).how).toBe("built");
    expect(await readFile(join(dir, "authorized_keys"), "utf8")).toBe("ssh-ed25519 AAAA user\n");
    // A FIFO (would hang a plain read) and /dev/zero (would never end): a miss, at once.
    for (const plant of [() => execFileSync("mkfifo", [entry!]), () => symlink("/dev/zero", entry!)]) {
      await rm(entry!);
      plant();
      const r = await build(env);
      expect([r.code, r.how]).toEqual([0, "built"]);
    }
  });

  it("a cache folder writable by others is not used, with a note; the build still succeeds and its folder gets no entry", async () => {
    const cache = join(dir, "cache");
    await mkdir(cache);
    await chmod(cache, 0o777);
    const env = { CWS_DOCGEN_CACHE_DIR: cache };
    const r = await build(env);
    expect([r.code, r.how]).toEqual([0, "built"]);
    expect(r.stderr).toContain(`cws-docgen: note: the build cache is not used: ${cache} can be written by other users`);
    expect(await readdir(cache)).toEqual([]);
    // Said once per run, not once per process: the next run in this process says it again.
    const again = await build({ ...env });
    expect(again.how).toBe("built");
    expect(again.stderr).toContain("cws-docgen: note: the build cache is not used");
    // --no-cache: no note.
    expect((await runInProcess([...ARGS, "--no-cache"], { cwd: dir, env })).stderr).not.toContain("note");
  });

  it("without a secret it can trust (its folder writable by others), no entry is believed or written", async () => {
    const state = join(dir, "state");
    await mkdir(join(state, "cws-docgen"), { recursive: true });
    await chmod(join(state, "cws-docgen"), 0o777);
    const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache"), XDG_STATE_HOME: state };
    expect((await build(env)).how).toBe("built");
    expect((await build(env)).how).toBe("built");
    expect(await readdir(join(state, "cws-docgen"))).toEqual([]);
  });

  it("a schema over --max-schema-size is refused on a cache hit as without the cache", async () => {
    const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
    expect((await build(env)).how).toBe("built");
    const r = await runInProcess([...ARGS, "--max-schema-size", "0.01"], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: schema\.json: the schema is 18\.\d KiB; cws-docgen reads schemas up to 10\.24 KiB/);
  });
});

describe("the build cache's key covers the libraries read at run time", () => {
  it("an edit to a library file in node_modules (a patch-package fix) is a miss", async () => {
    const pkg = join(dir, "pkg");
    await copyBundle(pkg, ["ajv-formats"]);
    await cp(join(ROOT, "node_modules/ajv-formats"), join(pkg, "node_modules/ajv-formats"), { recursive: true });
    await cp(MASTER_SCHEMA, join(dir, "schema.json"));
    const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
    const run = async () => {
      const r = await runCli(ARGS, { cwd: dir, env, cli: join(pkg, "dist/cli.js") });
      expect(r.code, r.stderr).toBe(0);
      return /\brender\b/.test(r.stderr) ? "built" : "cached";
    };
    expect(await run()).toBe("built");
    const [entry] = await entries(env.CWS_DOCGEN_CACHE_DIR);
    await appendFile(join(pkg, "node_modules/ajv-formats/dist/formats.js"), "\n// patched\n");
    expect(await run()).toBe("built");
    // A new key (the key is the same from one process of a bundle to the next: cache.test.ts, the built CLI's hit):
    // the patched build's entry is a file of its own, beside the first.
    const now = await entries(env.CWS_DOCGEN_CACHE_DIR);
    expect(now).toHaveLength(2);
    expect(now).toContain(entry);
  });
});

describe("a second user", () => {
  // Tests run as root; `setpriv` runs the CLI as nobody, as another user on a shared runner would.
  const NOBODY = 65534;
  const asNobody = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, CLI, ...args], {
        cwd,
        env: { ...process.env, ...env },
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
    });

  it("never has its entries used by another, in either direction", async () => {
    await chmod(dir, 0o755);
    const work = join(dir, "work");
    await mkdir(work);
    await cp(MASTER_SCHEMA, join(work, "schema.json"));
    const home = join(dir, "nobody-home");
    await mkdir(home);
    await chown(work, NOBODY, NOBODY);
    await chown(join(work, "schema.json"), NOBODY, NOBODY);
    await chown(home, NOBODY, NOBODY);
    // nobody fills a cache folder of its own (on a shared runner: a shared CWS_DOCGEN_CACHE_DIR).
    const shared = join(dir, "shared-cache");
    const nobodyEnv = {
      HOME: home,
      XDG_STATE_HOME: join(home, "state"),
      XDG_CACHE_HOME: join(home, "cache"),
      CWS_DOCGEN_CACHE_DIR: shared,
    };
    await mkdir(shared);
    await chown(shared, NOBODY, NOBODY);
    // Its entry written shows that nobody has a secret and a folder it trusts: the entry is one its next build would
    // believe, as root's next build believes root's (the checks compare owners with whoever runs).
    const first = await asNobody(ARGS, work, nobodyEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain("note");
    expect((await entries(shared)).length).toBe(1);
    // root, pointed at nobody's folder: refused with a note, built.
    await cp(MASTER_SCHEMA, join(dir, "schema.json"));
    const r = await build({ CWS_DOCGEN_CACHE_DIR: shared });
    expect([r.code, r.how]).toEqual([0, "built"]);
    expect(r.stderr).toContain(`${shared} belongs to another user`);
    // nobody, pointed at root's folder: refused too.
    const rootCache = join(dir, "root-cache");
    expect((await build({ CWS_DOCGEN_CACHE_DIR: rootCache })).how).toBe("built");
    await chmod(rootCache, 0o755);
    const third = await asNobody(ARGS, work, { ...nobodyEnv, CWS_DOCGEN_CACHE_DIR: rootCache });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/\brender\b/);
    expect(third.stderr).toContain("note: the build cache is not used");
  });
});
