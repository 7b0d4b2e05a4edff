/**
 * Files and pipes, through the command line's `run` in this process (runInProcess), and through the
 * built CLI as a subprocess where the process itself is under test: its own standard streams (/dev/stdout,
 * a file descriptor) and a pipe whose reader goes away. A FIFO is refused before it is opened (a run that
 * opened one would hang until the test's timeout):
 * - inputs: only regular files whose real path is inside the schema's folder are
 *   read; a symbolic link that leads outside is refused unread, and its target's
 *   text is never published nor echoed;
 * - outputs: one that is an input, or another output, or not a regular file, is
 *   refused before anything is written; a symbolic link is written through;
 * - pipes: a reader that goes away ends the output quietly, with the exit code
 *   the command would have had.
 * The links are made here, in a temporary folder, rather than checked in.
 */
import { execFile, spawn } from "node:child_process";
import { link, lstat, mkdir, open, readdir, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syntheticSchema } from "../../scripts/dev/synthetic.js";
import { CLI, join, runInProcess, tempDir, writeFiles, type RunResult } from "../helpers.js";

const SECRET = "TOP-SECRET-6f1c";
const EARLIER = { "out/page.md": "the page of the last good run\n", "out/types.ts": "// the types of the last good run\n" };
const OUTPUTS = ["--docs-out", "out/page.md", "--types-out", "out/types.ts"];

/** A temporary folder, its `repo` subfolder (where the CLI runs), and a build cache beside it. */
async function repoFolder(
  prefix: string,
): Promise<{ tmp: { dir: string; cleanup: () => Promise<void> }; dir: string; env: NodeJS.ProcessEnv }> {
  const tmp = await tempDir(prefix);
  return { tmp, dir: join(tmp.dir, "repo"), env: { CWS_DOCGEN_CACHE_DIR: join(tmp.dir, "cache") } };
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  ({ tmp, dir, env } = await repoFolder("cws-docgen-files-"));
  await writeFiles(dir, {
    "schema/schema.json": JSON.stringify({ type: "object", properties: { a: { $ref: "part.json#/definitions/A" } } }, null, 2),
    "schema/part.json": JSON.stringify({ definitions: { A: { type: "string", description: "a part" } } }, null, 2),
    ...EARLIER,
  });
  // Outside the schema's folder (and outside the repository): what a link must not reach.
  await writeFiles(tmp.dir, {
    "outside/secret.json": JSON.stringify({ definitions: { A: { type: "string", description: SECRET } } }),
    "outside/raw.txt": `${SECRET} is not JSON\n`,
  });
});
afterEach(() => tmp.cleanup());

/** Runs `cws-docgen ARGS` in the repository, in this process. */
function here(args: string[]): Promise<RunResult> {
  return runInProcess(args, { cwd: dir, env });
}

/**
 * Runs the built CLI in the repository as a subprocess, its stderr a pipe or the file descriptor given; a run that
 * hangs is killed after 120 s (and the test fails on its code).
 */
function cli(args: string[], options: { stderr?: number } = {}): Promise<RunResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", options.stderr ?? "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path);
      else if (e.isSymbolicLink()) out[path] = `-> ${await readlink(join(dir, path))}`;
      else if (e.isFile()) out[path] = await readFile(join(dir, path), "utf8");
      else out[path] = "(special)";
    }
  };
  await walk("");
  return out;
}

function expectRefused(r: RunResult, pattern: RegExp): void {
  expect(r.stderr).toMatch(/^cws-docgen: error: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toContain(SECRET);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
}

describe("inputs: a symbolic link in the schema's folder does not reach outside it", () => {
  const OUTSIDE = /leads outside the schema's folder \(.*schema\) or nowhere; it was not read/;

  it("a $ref to a link to a file outside: refused unread, nothing published, nothing written", async () => {
    await symlink(join(tmp.dir, "outside/secret.json"), join(dir, "schema/part.json.link"));
    await writeFile(
      join(dir, "schema/schema.json"),
      JSON.stringify({ type: "object", properties: { a: { $ref: "part.json.link#/definitions/A" } } }),
    );
    const before = await snapshot();
    const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS]);
    expectRefused(
      r,
      /^cws-docgen: error: schema\/part\.json\.link: this file is a symbolic link, or is reached through one, that leads outside/,
    );
    expect(r.stderr).toMatch(OUTSIDE);
    expect(r.stderr).toContain("(referenced from schema/schema.json at /properties/a/$ref)");
    expect(await snapshot()).toEqual(before);
    // check reads the same way.
    expectRefused(await here(["check", "--schema", "schema/schema.json", ...OUTPUTS]), OUTSIDE);
  });

  it("a $ref through a linked folder, to text that is not JSON (its parse error would quote it): refused unread", async () => {
    await symlink(join(tmp.dir, "outside"), join(dir, "schema/shared"));
    await writeFile(
      join(dir, "schema/schema.json"),
      JSON.stringify({ type: "object", properties: { a: { $ref: "shared/secret.json#/definitions/A" }, b: { $ref: "shared/raw.txt" } } }),
    );
    const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS]);
    expectRefused(r, /^cws-docgen: error: schema\/shared\/secret\.json: .*leads outside/);
    expect(r.stderr).toMatch(/\ncws-docgen: error: schema\/shared\/raw\.txt: .*leads outside/);
    expect(await snapshot()).toMatchObject(EARLIER);
  });

  it("the root schema itself a link to a file outside its folder: refused unread", async () => {
    await symlink(join(tmp.dir, "outside/raw.txt"), join(dir, "schema/root.json"));
    const r = await here(["generate", "--schema", "schema/root.json", ...OUTPUTS]);
    expectRefused(r, /^cws-docgen: error: schema\/root\.json: this file is a symbolic link, or is reached through one, that leads outside/);
    expect(await snapshot()).toMatchObject(EARLIER);
  });

  it("a link that leads nowhere gets the same answer as one that leads outside (no probing what exists)", async () => {
    await symlink(join(tmp.dir, "outside/no-such.json"), join(dir, "schema/gone.json"));
    await symlink(join(tmp.dir, "outside/secret.json"), join(dir, "schema/there.json"));
    await writeFile(
      join(dir, "schema/schema.json"),
      JSON.stringify({ type: "object", properties: { a: { $ref: "gone.json" }, b: { $ref: "there.json" } } }),
    );
    const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS]);
    const lines = r.stderr
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("  hint"))
      .map((l) => l.replace(/^cws-docgen: error: /, ""))
      .map((l) => l.replace(/schema\/(gone|there)\.json/, "schema/X.json").replace(/\/properties\/[ab]\//, "/properties/_/"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(OUTSIDE);
    expect(lines[0]).toBe(lines[1]);
    expect(r.code).toBe(2);
  });

  it("a link inside the folder to a file inside it is fine", async () => {
    await symlink("part.json", join(dir, "schema/alias.json"));
    await writeFile(
      join(dir, "schema/schema.json"),
      JSON.stringify({ type: "object", properties: { a: { $ref: "alias.json#/definitions/A" } } }),
    );
    const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, "out/types.ts"), "utf8")).toContain("a part");
  });

  it("a partial that is a link out of the template's folder: refused unread, not published", async () => {
    await writeFiles(dir, { "tpl/page.md.hbs": "---\ntitle: {{page.title}}\n---\n\n{{> leak}}\n" });
    await mkdir(join(dir, "tpl/partials"));
    await symlink(join(tmp.dir, "outside/raw.txt"), join(dir, "tpl/partials/leak.hbs"));
    const r = await here(["generate", "--schema", "schema/schema.json", "--template", "tpl/page.md.hbs", ...OUTPUTS]);
    expectRefused(
      r,
      /^cws-docgen: error: \S*tpl\/partials\/leak\.hbs: this file is a symbolic link, or is reached through one, that leads outside the template's folder \(\S*tpl\) or nowhere; it was not read\n/,
    );
    expect(await snapshot()).toMatchObject(EARLIER);
  });

  it("a config or a template that is a link out of its own folder (its parse error would quote it): refused unread", async () => {
    await symlink(join(tmp.dir, "outside/raw.txt"), join(dir, "cws-docgen.config.json"));
    expectRefused(
      await here(["check"]),
      /^cws-docgen: error: \S*cws-docgen\.config\.json: this file is a symbolic link, or is reached through one, that leads outside the config's folder \(\S*repo\) or nowhere; it was not read\n/,
    );
    await rm(join(dir, "cws-docgen.config.json"));
    await symlink(join(tmp.dir, "outside/raw.txt"), join(dir, "page.md.hbs"));
    const r = await here(["generate", "--schema", "schema/schema.json", "--template", "page.md.hbs", ...OUTPUTS]);
    expectRefused(
      r,
      /^cws-docgen: error: page\.md\.hbs: this file is a symbolic link, or is reached through one, that leads outside the template's folder \(\S*repo\) or nowhere; it was not read\n/,
    );
    expect(await snapshot()).toMatchObject(EARLIER);
  });

  it("a template or a config that is a FIFO: refused without opening it (no hang)", async () => {
    await mkfifo(join(dir, "template.fifo"));
    await mkfifo(join(dir, "config.fifo"));
    expectRefused(
      await here(["generate", "--schema", "schema/schema.json", "--template", "template.fifo", ...OUTPUTS]),
      /^cws-docgen: error: template\.fifo: cannot read the template: it is not a regular file/,
    );
    expectRefused(
      await here(["generate", "--config", "config.fifo"]),
      /^cws-docgen: error: \S*config\.fifo: cannot read the config: it is not a regular file/,
    );
  });

  it("a $ref to a FIFO in the folder: refused without opening it (no hang)", async () => {
    await mkfifo(join(dir, "schema/pipe.json"));
    await writeFile(join(dir, "schema/schema.json"), JSON.stringify({ type: "object", properties: { a: { $ref: "pipe.json" } } }));
    const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS]);
    expectRefused(r, /^cws-docgen: error: schema\/pipe\.json: the schema is not a regular file/);
  });
});

describe("outputs: never an input, never another output, never a special file", () => {
  const SAME_AS_INPUT =
    /this output is the same file as the input (.+); writing it would destroy that input, so nothing was written\n {2}hint: /;

  it("--docs-out or --types-out the schema, a file it refers to, the template, the config: refused, every file as it was", async () => {
    await writeFiles(dir, {
      "page.md.hbs": "# {{page.title}}\n",
      "cws-docgen.config.json": JSON.stringify({
        pages: [{ name: "p", schema: "schema/schema.json", docs: "out/page.md", types: "out/types.ts", template: "page.md.hbs" }],
      }),
    });
    const before = await snapshot();
    const cases: [string[], string][] = [
      [["--docs-out", "schema/schema.json"], "schema/schema.json"],
      [["--types-out", "schema/part.json"], "schema/part.json"],
      [["--docs-out", "page.md.hbs"], "page.md.hbs"],
      [["--docs-out", "cws-docgen.config.json"], "cws-docgen.config.json"],
    ];
    for (const [args, input] of cases) {
      const r = await here(["generate", ...args]);
      expectRefused(r, SAME_AS_INPUT);
      expect(SAME_AS_INPUT.exec(r.stderr)![1], args.join(" ")).toBe(input);
      expect(await snapshot(), args.join(" ")).toEqual(before);
    }
    // The same in check, which writes nothing anyway.
    expectRefused(await here(["check", "--docs-out", "schema/schema.json"]), SAME_AS_INPUT);
  });

  it("the same file under another name (a hard link, a symbolic link, ../): compared by device and inode, refused", async () => {
    await link(join(dir, "schema/schema.json"), join(dir, "hard.md"));
    await symlink("schema/part.json", join(dir, "soft.ts"));
    const before = await snapshot();
    for (const args of [
      ["--docs-out", "hard.md"],
      ["--types-out", "soft.ts"],
      ["--docs-out", "out/../schema/schema.json"],
    ]) {
      const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS, ...args]);
      expectRefused(r, SAME_AS_INPUT);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("two outputs that are one file (flags, or two pages of a config): refused, nothing written", async () => {
    await symlink("types.ts", join(dir, "out/alias.ts"));
    const before = await snapshot();
    const TWICE =
      /^cws-docgen: error: out\/\S+: this output is (named twice|the same file as the output out\/\S+); one would overwrite the other, so nothing was written\n {2}hint: /;
    for (const args of [
      ["--types-out", "out/page.md"],
      ["--validator-out", "out/types.ts"],
      ["--validator-out", "out/alias.ts"],
      ["--types-out", "out/new.ts", "--validator-out", "out/./new.ts"],
    ]) {
      const r = await here(["generate", "--schema", "schema/schema.json", ...OUTPUTS, ...args]);
      expectRefused(r, TWICE);
      expect(await snapshot(), args.join(" ")).toEqual(before);
    }
    await writeFiles(dir, {
      "two.config.json": JSON.stringify({
        pages: [
          { name: "one", schema: "schema/schema.json", docs: "out/page.md", types: "out/one.ts" },
          { name: "two", schema: "schema/schema.json", docs: "out/page.md", types: "out/two.ts" },
        ],
      }),
    });
    const r = await here(["generate", "--config", "two.config.json"]);
    expectRefused(r, /^cws-docgen: error: out\/page\.md: this output is named twice/);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["alias.ts", "page.md", "types.ts"]);
  });

  it("outputs that collide are refused before any build: even a broken schema is not read first", async () => {
    await writeFiles(dir, { "schema/broken.json": "{ not json" });
    for (const command of ["generate", "check"]) {
      const r = await here([command, "--schema", "schema/broken.json", "--docs-out", "out/x.md", "--types-out", "out/x.md"]);
      expectRefused(r, /^cws-docgen: error: out\/x\.md: this output is named twice/);
      expect(r.stderr).not.toMatch(/invalid JSON/);
    }
  });

  it("a symbolic link as output: written through to its target, atomically; the link stays a link", async () => {
    await mkdir(join(dir, "site"));
    await writeFile(join(dir, "site/page.md"), "old page\n");
    await symlink("../site/page.md", join(dir, "out/linked.md"));
    await symlink("../site/fresh.ts", join(dir, "out/dangling.ts"));
    const inode = (await stat(join(dir, "site/page.md"))).ino;
    const r = await here(["generate", "--schema", "schema/schema.json", "--docs-out", "out/linked.md", "--types-out", "out/dangling.ts"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((await lstat(join(dir, "out/linked.md"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, "out/dangling.ts"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "site/page.md"), "utf8")).toMatch(/^---\n/);
    // Replaced by a rename (a new inode), not rewritten in place.
    expect((await stat(join(dir, "site/page.md"))).ino).not.toBe(inode);
    expect(await readFile(join(dir, "site/fresh.ts"), "utf8")).toContain("export interface");
    // The validator's path comes from the types' path as given: next to the link.
    expect((await readdir(join(dir, "site"))).sort()).toEqual(["fresh.ts", "page.md"]);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["dangling.ts", "dangling.validator.ts", "linked.md", "page.md", "types.ts"]);
  });

  it("a FIFO as output: refused without opening it, in generate and in check (no hang); it stays a FIFO", async () => {
    await mkfifo(join(dir, "out/fifo.md"));
    for (const command of ["generate", "check"]) {
      const r = await here([command, "--schema", "schema/schema.json", "--docs-out", "out/fifo.md", "--types-out", "out/types.ts"]);
      expectRefused(
        r,
        /^cws-docgen: error: out\/fifo\.md: the output is a FIFO \(named pipe\), not a regular file; it was not opened, and nothing was written\n {2}hint: /,
      );
      expect((await lstat(join(dir, "out/fifo.md"))).isFIFO()).toBe(true);
    }
    expect(await snapshot()).toMatchObject(EARLIER);
  });

  it("a device or a standard stream as output (/dev/stdout, a link to /dev/null or to /proc/self/fd/2): refused; nothing replaced", async () => {
    await symlink("/dev/null", join(dir, "out/null.md"));
    await symlink("/proc/self/fd/2", join(dir, "out/fd2.md"));
    const r1 = await here(["generate", "--schema", "schema/schema.json", "--docs-out", "out/null.md", "--types-out", "out/types.ts"]);
    expectRefused(r1, /^cws-docgen: error: out\/null\.md: the output is a character device, not a regular file/);
    // The process's own streams, in one run of the built CLI. Its stdout is a pipe (node's is a socket pair):
    // /dev/stdout leads to it. Its stderr is a regular file (`2>> log`): /proc/self/fd/2 leads to it, and replacing
    // that file would not write to the descriptor. The run's messages are what it appends to the log.
    const log = join(tmp.dir, "stderr.log");
    const before = "the log so far\n";
    await writeFile(log, before);
    const inode = (await stat(log)).ino;
    const handle = await open(log, "a");
    let run: RunResult;
    try {
      run = await cli(["generate", "--schema", "schema/schema.json", "--docs-out", "/dev/stdout", "--types-out", "out/fd2.md"], {
        stderr: handle.fd,
      });
    } finally {
      await handle.close();
    }
    const logged = await readFile(log, "utf8");
    expect(logged.startsWith(before)).toBe(true);
    const r2 = { ...run, stderr: logged.slice(before.length) };
    expectRefused(
      r2,
      /^cws-docgen: error: \/dev\/stdout: the output is (a FIFO \(named pipe\)|a socket), not a regular file; it was not opened, and nothing was written\n/,
    );
    expect(r2.stderr).toMatch(
      /\ncws-docgen: error: out\/fd2\.md: the output is a file descriptor of this process \(like \/dev\/stdout\), not a file; nothing was written\n {2}hint: /,
    );
    expect((await stat(log)).ino).toBe(inode);
    expect((await lstat("/dev/stdout")).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, "out/null.md"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, "out/fd2.md"))).isSymbolicLink()).toBe(true);
    expect(await snapshot()).toMatchObject(EARLIER);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["fd2.md", "null.md", "page.md", "types.ts"]);
  });
});

describe("pipes: a reader that goes away ends the output quietly, with the command's own exit code", () => {
  // One folder and one build cache for the tests: check builds the big page, and generate is served by the
  // cache. generate is the last test: it makes the outputs current.
  let pipes: { dir: string; cleanup: () => Promise<void> };
  let pipeDir: string;
  let pipeEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    ({ tmp: pipes, dir: pipeDir, env: pipeEnv } = await repoFolder("cws-docgen-pipes-"));
    // Each prints far more than a pipe holds (64 KiB), so the writer meets the closed pipe for sure:
    // check about 400 KB of diff, diff about 200 KB in text and Markdown, 400 KB in JSON (250 definitions
    // with long names, removed).
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 250; i++) wide[`Definition${i}_${"x".repeat(300)}`] = { type: "object", properties: { a: { type: "string" } } };
    await writeFiles(pipeDir, {
      ...EARLIER,
      "schema/big.json": JSON.stringify(syntheticSchema(12), null, 2),
      "schema/wide.json": JSON.stringify({ type: "object", properties: { a: { type: "string" } }, definitions: wide }),
      "schema/empty.json": JSON.stringify({ type: "object" }),
    });
  });
  afterAll(() => pipes.cleanup());

  /** `{ cws-docgen ARGS; echo exit=$? >&2; } | head -1`, in a real shell. */
  function throughHead(args: string[]): Promise<RunResult> {
    const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    return new Promise((resolve) => {
      execFile(
        "sh",
        ["-c", `{ ${quoted}; echo "exit=$?" >&2; } | head -1`],
        { cwd: pipeDir, env: { ...process.env, ...pipeEnv }, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
        },
      );
    });
  }

  it("check | head -1: the first line, no EPIPE trace, exit 1 (stale)", async () => {
    const r = await throughHead(["check", "--schema", "schema/big.json", ...OUTPUTS]);
    expect(r.stdout).toBe("===================================================================\n");
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at |internal error/);
    expect(r.stderr).toMatch(
      /^cws-docgen: stale: out\/page\.md, out\/types\.ts\ncws-docgen: missing: out\/types\.validator\.ts\n {2}hint: .*\nexit=1\n$/,
    );
  });

  it("diff, read in full (in this process): every removed definition in every format; exit 0, and 1 with --fail-on-breaking", async () => {
    for (const format of ["text", "markdown", "json"]) {
      const args = ["diff", "schema/wide.json", "schema/empty.json", "--format", format];
      const r = await runInProcess(args, { cwd: pipeDir, env: pipeEnv });
      const failing = await runInProcess([...args, "--fail-on-breaking"], { cwd: pipeDir, env: pipeEnv });
      expect([r.code, r.stderr, failing.code, failing.stderr], format).toEqual([0, "", 1, ""]);
      expect(failing.stdout, format).toBe(r.stdout);
      if (format === "json") expect(JSON.parse(r.stdout).changes).toHaveLength(252);
      else
        expect(r.stdout.match(/definition `Definition\d+_x+` removed|`Definition\d+_x+` \| definition removed/g), format).toHaveLength(250);
    }
  });

  it("diff | head -1, and a pipe closed before anything is read: each format ends quietly, with the command's exit code", async () => {
    // The formats share one writer (scripts/cli/run.ts): one closed pipe each, the two exit codes between them.
    for (const [format, flags, code] of [
      ["text", [], 0],
      ["markdown", ["--fail-on-breaking"], 1],
    ] as const) {
      const args = ["diff", "schema/wide.json", "schema/empty.json", "--format", format, ...flags];
      const r = await throughHead(args);
      const full = await runInProcess(args, { cwd: pipeDir, env: pipeEnv });
      expect(r.stdout, format).toBe(`${full.stdout.split("\n")[0]}\n`);
      expect(r.stderr, `${format} ${flags.join(" ")}`).toBe(`exit=${code}\n`);
    }
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, "diff", "schema/wide.json", "schema/empty.json", "--format", "json"], {
        cwd: pipeDir,
        env: { ...process.env, ...pipeEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (c) => resolve({ code: c, stderr }));
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("generate | head -1: the outputs written, exit 0, nothing on stderr", async () => {
    const r = await throughHead(["generate", "--schema", "schema/big.json", ...OUTPUTS]);
    expect(r.stdout).toBe("wrote out/page.md\n");
    expect(r.stderr).toBe("exit=0\n");
    expect(await readFile(join(pipeDir, "out/types.validator.ts"), "utf8")).toContain("export");
  });
});

async function mkfifo(path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => execFile("mkfifo", [path], (err) => (err ? reject(err) : resolve())));
}
