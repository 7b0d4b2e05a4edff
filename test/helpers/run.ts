/** Running cws-docgen: as a subprocess (the executable, the way a user does) or in this process (its `run`), and waiting on a running one. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { Terminal } from "../../scripts/cli/progress.js";

import { CLI, ROOT, type RunResult } from "./base.js";

/**
 * The environment without FORCE_COLOR and NO_COLOR: the runs decide colours by their stdout (a pipe:
 * none), whatever the shell that started the suite set; a test that wants them sets them itself.
 */
export function withoutColourChoice(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = env;
  return rest;
}

/**
 * Runs `cws-docgen ARGS` as a subprocess, the way a user does; its stdin is `input` (by default
 * empty); `cli` is another copy of the built CLI. Colours: as `withoutColourChoice`, unless `env` sets them.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; cli?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...withoutColourChoice(process.env), ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input);
  });
}

/**
 * Runs `cws-docgen ARGS` in this process, through the command line's `run` (scripts/cli/run.ts), in `cwd`,
 * with `env` laid over the process's environment (a key set to undefined is removed) and `input` as what
 * `--schema -` reads (by default nothing): for what needs no process of its own (the process's signals, a
 * pipe's reader going away, a shell's exit code and the published bundle do: `runCli`, `spawnCli`). A watch
 * or a preview runs until `signal` is aborted, as the bin's SIGINT or SIGTERM end it; `onOutput` sees what
 * it prints as it prints it. `progress` is where the progress line goes (the process's stderr, for the
 * executable): by default none. The cwd and the environment are put back after the run (`inFolder`); tests in
 * one file run one after another, so nothing sees them changed. Colours as `runCli`'s: none unless `isTTY`
 * and the environment allow them.
 */
export async function runInProcess(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    isTTY?: boolean;
    progress?: Terminal;
    signal?: AbortSignal;
    onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  } = {},
): Promise<RunResult> {
  const { run } = await import("../../scripts/cli/run.js");
  let stdout = "";
  let stderr = "";
  const end = await inFolder(options.cwd ?? ROOT, options.env ?? {}, () =>
    run(args, {
      stdout: (s) => {
        stdout += s;
        options.onOutput?.("stdout", s);
      },
      stderr: (s) => {
        stderr += s;
        options.onOutput?.("stderr", s);
      },
      isTTY: options.isTTY === true,
      progress: options.progress,
      env: { ...withoutColourChoice(process.env), ...options.env },
      stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
      signal: options.signal,
    }),
  );
  return { code: end.code, stdout, stderr };
}

/** Runs `work` in `cwd`, with `env` laid over the process's environment (a key set to undefined is removed); both are put back after. */
export async function inFolder<T>(cwd: string, env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: NodeJS.ProcessEnv) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  process.chdir(cwd);
  set(env);
  try {
    return await work();
  } finally {
    set(saved);
    process.chdir(before);
  }
}

/**
 * The package's built library (dist/index.js), loaded by Node itself in this process (vitest's transform would
 * change what the bundle's CommonJS shims see): its builds are the built CLI's, with the bundle's build cache
 * entries and the TypeScript thread, which the sources have none of.
 */
export function builtPackage(): typeof import("../../scripts/index.js") {
  return createRequire(import.meta.url)(join(ROOT, "dist/index.js"));
}

/** The config `generatePagesInProcess` builds: each schema a page (`name/schema` → `name/out/page.md`, `name/out/types.ts`). */
async function writePagesConfig(dir: string, pages: { name: string; schema: string }[]): Promise<void> {
  const config = pages.map((p) => ({
    name: p.name,
    schema: `${p.name}/${p.schema}`,
    docs: `${p.name}/out/page.md`,
    types: `${p.name}/out/types.ts`,
  }));
  await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify({ pages: config }));
}

/** A command that keeps running (`generate --watch`, `preview`): its process, what it has printed so far, and how it ended. */
/** A run that goes on until stopped: what it has printed so far, and whether it has ended. */
export interface Printing {
  stdout: () => string;
  stderr: () => string;
  ended: () => boolean;
}

export interface Running extends Printing {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node CLI ARGS` in `cwd` (`cli`: another built CLI, such as an installed package's), collecting what it prints. */
export function spawnCli(args: string[], options: { cwd: string; cli?: string; env?: NodeJS.ProcessEnv }): Running {
  const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return { child, stdout: () => out, stderr: () => err, ended, exited };
}

/**
 * Polls until `check` holds (a check that throws has not held yet); fails with what the command printed
 * when it ends first, or after `timeoutMs`, generous: a hang, not slowness, is what it catches.
 */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, r: Printing, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    const said = `\n--- stdout:\n${r.stdout()}\n--- stderr:\n${r.stderr()}`;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${said}`);
    if (r.ended()) throw new Error(`the command ended before ${what}${said}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Builds several schemas with one run of the command line in this process (`runInProcess`): `generate
 * --config` on a config, written in `dir`, that lists each as a page (`name/schema` → `name/out/page.md`,
 * `name/out/types.ts`).
 */
export async function generatePagesInProcess(
  dir: string,
  pages: { name: string; schema: string }[],
  args: string[] = [],
): Promise<RunResult> {
  await writePagesConfig(dir, pages);
  return runInProcess(["generate", "--config", "cws-docgen.config.json", ...args], { cwd: dir });
}
