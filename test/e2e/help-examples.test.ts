/**
 * Every example each command's `--help` shows runs as written, with a shell, where a user would
 * run it: the config's examples in a project with a two-page config (linux, windows) in a git
 * repository (`attributes` without --page in a project of one page); the "no config needed" ones
 * beside a lone schema. The shell reads each line as written (its quoting, `$( )`, redirections and
 * pipes): cws-docgen runs in this process with the arguments the shell passed it (a `cws-docgen` on
 * PATH that records them, and what it reads from stdin); where the shell does more with the line (a
 * redirection, a pipe), the shell then runs it again with a `cws-docgen` that gives back what the run
 * printed and its exit code. The one example that reads stdin and writes stdout through redirections
 * runs the built CLI as a subprocess, on the process's own streams. One that keeps running until stopped (a watch, a preview)
 * is stopped once it says it watches, or prints its URL, as SIGTERM stops it in the bin. And a config
 * page's schema replaced by --schema cannot overwrite that page's outputs with another schema's.
 * Where no Hugo runs (npm test comes before CI installs one), each `preview` must end with the one
 * line that says Hugo is needed.
 */
import { spawn } from "node:child_process";
import { chmod, cp, mkdir, readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, MASTER_SCHEMA, ROOT, git, gitProject, join, runInProcess, tempDir, writeFiles } from "../helpers.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
/** A project with examples/multi-page's config (pages linux and windows, two schemas) and outputs, committed on main. */
let project: string;
/** A project whose config has one page (`gitProject`): where `attributes` needs no --page. */
let single: string;
/** A folder with a schema and no config. */
let alone: string;
/** A folder on PATH holding `cws-docgen`, a shim to the built CLI. */
let bin: string;
/** A folder on PATH holding `cws-docgen`, which records in `record` the arguments it was given (each ended by a NUL) and its stdin. */
let recordBin: string;
/** A folder on PATH holding `cws-docgen`, which prints the stdout and stderr kept in `record` and exits with the code kept there. */
let replayBin: string;
/** Where the recording `cws-docgen` keeps what it was given, and the replaying one finds what to give back. */
let record: string;

beforeAll(async () => {
  tmp = await tempDir("cws-docgen-help-");
  project = join(tmp.dir, "project");
  alone = join(tmp.dir, "alone");
  bin = join(tmp.dir, "bin");
  recordBin = join(tmp.dir, "record-bin");
  replayBin = join(tmp.dir, "replay-bin");
  record = join(tmp.dir, "record");
  await cp(join(ROOT, "examples/multi-page"), project, { recursive: true });
  await cp(MASTER_SCHEMA, join(project, "schema/backend.schema.json"));
  await git(project, ["init", "-q", "-b", "main"]);
  await git(project, ["add", "-A"]);
  await git(project, ["commit", "-q", "-m", "the project"]);
  single = join(tmp.dir, "single");
  await gitProject(single);
  await mkdir(alone);
  for (const name of ["s.json", "old.json", "new.json"]) await cp(MASTER_SCHEMA, join(alone, name));
  await writeFiles(bin, { "cws-docgen": `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n` });
  const kept = (name: string) => `'${join(record, name)}'`;
  await writeFiles(recordBin, { "cws-docgen": `#!/bin/sh\nprintf '%s\\0' "$@" > ${kept("argv")}\ncat > ${kept("stdin")}\n` });
  await writeFiles(replayBin, {
    "cws-docgen": `#!/bin/sh\ncat ${kept("stdout")}\ncat ${kept("stderr")} >&2\nexit "$(cat ${kept("code")})"\n`,
  });
  await mkdir(record);
  for (const shim of [bin, recordBin, replayBin]) await chmod(join(shim, "cws-docgen"), 0o755);
});
afterAll(() => tmp?.cleanup());

/** The examples of a command's --help: the command line of each, as written. */
async function examples(command: string): Promise<string[]> {
  const help = (await runInProcess([command, "--help"])).stdout;
  const block = help.slice(help.indexOf("Examples:\n") + "Examples:\n".length).split("\n\n")[0]!;
  return block
    .split("\n")
    .map((line) => line.trim().split(/ {2,}/)[0]!)
    .filter((line) => line.startsWith("cws-docgen "));
}

/** Whether a Hugo runs here (`hugo` on PATH), which the preview examples need. */
const hugoRuns = () =>
  new Promise<boolean>((resolve) =>
    spawn("hugo", ["version"], { stdio: "ignore" })
      .on("error", () => resolve(false))
      .on("exit", (code) => resolve(code === 0)),
  );

/** Whether the shell does more with a line than pass it arguments: a redirection or a pipe. */
const needsShell = (line: string) => /[<>|]/.test(line);

/** The example that reads the executable's own stdin and writes its own stdout, through the shell's redirections. */
const ownStreams = (line: string) => line.includes("--schema - --docs-out - <");

/** Whether a command line keeps running until stopped, and what it prints once it runs: a watch, a preview. */
const running = (line: string): string | undefined =>
  line.includes("--watch") ? "watching" : / preview\b/.test(line) ? "preview: http" : undefined;

/**
 * Runs a command line as written, with sh in `cwd`: cws-docgen in this process, with the arguments and the
 * stdin sh gives the recording `cws-docgen` (first on PATH); then, when the shell does more with the line,
 * sh again with a `cws-docgen` that prints what the run printed and exits with its code. The line of
 * `ownStreams` runs with the shim to the built CLI first on PATH. A watch is stopped once it says it
 * watches, a preview once it serves, as SIGTERM stops them in the bin.
 */
async function shell(line: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (ownStreams(line)) return sh(line, cwd, bin);
  // A line whose shell never runs cws-docgen leaves no record (and the read below fails), not the last line's.
  for (const kept of ["argv", "stdin"]) await rm(join(record, kept), { force: true });
  const recorded = await sh(line, cwd, recordBin);
  if (!needsShell(line)) expect(recorded, line).toMatchObject({ code: 0, stderr: "" });
  const argv = (await readFile(join(record, "argv"), "utf8")).split("\0");
  expect(argv.pop(), `${line}: the arguments, each ended by a NUL`).toBe("");
  const input = await readFile(join(record, "stdin"), "utf8");
  const until = running(line);
  const stop = new AbortController();
  let printed = "";
  const onOutput = (stream: string, text: string) => {
    if (stream !== "stdout" || until === undefined) return;
    printed += text;
    if (printed.includes(until)) stop.abort("SIGTERM");
  };
  const r = await runInProcess(argv, { cwd, input, signal: stop.signal, onOutput });
  if (!needsShell(line)) return r;
  await writeFiles(record, { stdout: r.stdout, stderr: r.stderr, code: String(r.code) });
  return sh(line, cwd, replayBin);
}

/** Runs a command line with sh in `cwd`, `path` first on PATH. */
function sh(line: string, cwd: string, path: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", line], { cwd, env: { ...process.env, PATH: `${path}:${process.env.PATH}` } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.stdin.end();
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("every --help example runs as written", () => {
  // init last: it leaves a config beside the lone schema.
  for (const command of ["generate", "check", "diff", "attributes", "preview", "init"]) {
    it(`${command}`, async () => {
      const lines = await examples(command);
      expect(lines.length).toBeGreaterThan(1);
      for (const written of lines) {
        // Placeholders a reader fills in: OLD and NEW are two versions of the schema.
        const line = written.replace(/\bOLD NEW\b/, "old.json new.json");
        const cwd = /s\.json|old\.json/.test(line) ? alone : command === "attributes" && !line.includes("--page") ? single : project;
        if (command === "init") expect(cwd).toBe(alone);
        const r = await shell(line, cwd);
        if (command === "preview") {
          if (await hugoRuns()) {
            // Stopped once it serves, as a watch is.
            expect(r.stdout, `${line}\n${r.stderr}`).toMatch(
              /^preview: http:\/\/127\.0\.0\.1:\d+\/docs\/backend_linux\/ \(\d pages?; Ctrl-C stops\)\n$/,
            );
            expect(r.code, `${line}\n${r.stderr}`).toBe(0);
          } else {
            expect(r.code, line).toBe(2);
            expect(r.stderr, line).toMatch(
              /^cws-docgen: error: --hugo: preview needs Hugo 0\.111 or later, and .* does not run: install it/,
            );
          }
          continue;
        }
        // check: 1 is an answer (the outputs of the schema on stdin are missing beside it); never a usage error (2) or a bug (3).
        const allowed = command === "check" && cwd === alone ? [0, 1] : [0];
        if (line.includes("--watch")) expect(r.stdout, line).toContain("watching");
        expect(allowed, `${line}\n${r.stderr}`).toContain(r.code);
        expect(r.stderr, line).not.toMatch(/error:/);
      }
    });
  }
});

describe("a config page's schema replaced by --schema", () => {
  it("is refused while its outputs are the config's, and builds once they are named; the page's committed outputs are untouched", async () => {
    const committed = await readFile(join(project, "docs/backend_linux.md"), "utf8");
    await cp(MASTER_SCHEMA, join(project, "other.json"));
    const refused = await runInProcess(["generate", "--page", "linux", "--schema", "other.json"], { cwd: project });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'cws-docgen: error: --schema: other.json is not the schema of page "linux" (schema/backend_linux.schema.json), whose outputs the config names: another schema\'s page and types would replace them\n' +
        "  hint: name where this schema's outputs go (--docs-out FILE --types-out FILE, or --no-types for the page alone), or give it a page of its own in the config\n",
    );
    // The page alone still needs its own place; named, it builds there.
    expect((await runInProcess(["generate", "--page", "linux", "--schema", "other.json", "--no-types"], { cwd: project })).code).toBe(2);
    const named = await runInProcess(
      ["generate", "--page", "linux", "--schema", "other.json", "--docs-out", "out/other.md", "--types-out", "out/other.ts"],
      { cwd: project },
    );
    expect(named.stderr).toBe("");
    expect(named.stdout).toBe("wrote out/other.md\nwrote out/other.ts\nwrote out/other.validator.ts\n");
    expect(await readFile(join(project, "docs/backend_linux.md"), "utf8")).toBe(committed);
    // The page's own schema named again is no override.
    expect((await runInProcess(["check", "--page", "linux", "--schema", "schema/backend_linux.schema.json"], { cwd: project })).code).toBe(
      0,
    );
  });
});
