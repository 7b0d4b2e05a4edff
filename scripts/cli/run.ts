/**
 * Running the command line (main.ts defines it): `run` takes the arguments and where to write, and
 * returns how the run ended, setting no exit code and ending no process, so that tests can call it;
 * `main` runs it on the process's own streams and signals, for bin.ts.
 */
import { CommanderError } from "commander";
import { DocgenError, EXIT, errorReport, terminalLines } from "../core/problems.js";
import { Interrupted } from "../stages/write.js";
import { buildProgram, type CliOutput } from "./main.js";
import type { SchemaStream } from "../stages/load.js";
import type { Terminal } from "./progress.js";

/**
 * A writer to a standard stream that stops, quietly, once the reader is gone
 * (EPIPE) or the stream fails: the command goes on to its own exit code.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): (s: string) => void {
  let open = true;
  stream.on("error", () => {
    open = false;
  });
  return (s) => {
    if (open && !stream.destroyed) stream.write(s);
  };
}

/** How a run ended: its exit code, and the signal that stopped a write (the process should then end by it, as if it had not been held). */
export interface RunEnd {
  code: number;
  signal?: Interrupted["signal"];
}

/** Where a run of the command line writes: its stdout and stderr as they are (text is made safe for a terminal on its way), and what they are. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal. */
  isTTY?: boolean;
  /** The terminal for progress lines, when stderr is one. */
  progress?: Terminal;
  /** The environment that chooses colours (NO_COLOR, FORCE_COLOR); default the process's. */
  env?: NodeJS.ProcessEnv;
  /** What `--schema -` reads; default the process's stdin. */
  stdin?: SchemaStream;
  /** The widths of stdout and stderr when they are terminals, for the help's lines (default 80). */
  columns?: { stdout?: number; stderr?: number };
  /**
   * Ends a `generate --watch` or a `preview` when aborted, as SIGINT and SIGTERM end them in the bin: its reason is
   * the why they print (`stopped watching (SIGINT)`), and the run ends with 0. Without it, nothing ends a watch.
   */
  signal?: AbortSignal;
  /** Told when a watch or a preview starts waiting for `signal` (true), and once it no longer does (false). */
  watching?: (on: boolean) => void;
}

/**
 * Runs the command line `argv` (without node and the script) and returns how it ended; it sets no exit
 * code and ends no process (bin.ts does). What it reads and writes comes through `io`, and what ends a
 * watch or a preview, but for the current folder and the environment, which commands read from the process.
 */
export async function run(argv: string[], io: CliIo): Promise<RunEnd> {
  // Every line of text leaves through terminalLines: no escape sequence, no CI command, from any message.
  let code: number = EXIT.ok;
  const out: CliOutput = {
    stdout: (s) => io.stdout(terminalLines(s)),
    stderr: (s) => io.stderr(terminalLines(s)),
    data: io.stdout,
    isTTY: io.isTTY,
    progress: io.progress,
    env: io.env,
    stdin: io.stdin,
    columns: io.columns,
    signal: io.signal,
    watching: io.watching,
    exit: (c) => {
      code = c;
    },
  };
  const program = buildProgram(out);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return { code: EXIT.badInput };
    }
    await program.parseAsync(argv, { from: "user" });
    return { code };
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return { code: err.exitCode === 0 ? EXIT.ok : EXIT.badInput };
    }
    if (err instanceof Interrupted) {
      out.stderr(`cws-docgen: ${err.message}\n`);
      return { code: 128 + SIGNAL_NUMBERS[err.signal], signal: err.signal };
    }
    out.stderr(errorReport(err));
    return { code: err instanceof DocgenError ? EXIT.badInput : EXIT.internal };
  }
}

/**
 * Runs the command line with the process's stdout and stderr (a reader that goes away ends the output quietly).
 * SIGINT and SIGTERM end a watch or a preview: the process listens to them only while one waits for them, so
 * that otherwise they keep their default action (the process ends by them) and a write's own handling of them
 * (stages/write.ts acts on a signal only when nobody else listens to it: under a watch, the write goes on).
 */
export function main(argv: string[]): Promise<RunEnd> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => stop.abort(signal);
  return run(argv, {
    signal: stop.signal,
    watching: (on) => {
      for (const s of STOP_SIGNALS) {
        if (on) process.on(s, onSignal);
        else process.off(s, onSignal);
      }
    },
    stdout: quietWhenClosed(process.stdout),
    stderr: quietWhenClosed(process.stderr),
    isTTY: process.stdout.isTTY === true,
    progress: process.stderr,
    columns: {
      stdout: process.stdout.isTTY ? process.stdout.columns : undefined,
      stderr: process.stderr.isTTY ? process.stderr.columns : undefined,
    },
  });
}

const SIGNAL_NUMBERS: Record<Interrupted["signal"], number> = { SIGINT: 2, SIGTERM: 15 };

/** The signals that end a watch or a preview in the bin. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;
