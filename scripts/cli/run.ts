/**
 * Running the command line (main.ts defines it): `run` takes the arguments and where to write, and
 * returns how the run ended, setting no exit code and ending no process, so that tests can call it;
 * `main` runs it on the process's own streams, for bin.ts.
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
}

/**
 * Runs the command line `argv` (without node and the script) and returns how it ended; it sets no exit
 * code and ends no process (bin.ts does). What it reads and writes comes through `io`, but for the current
 * folder and the environment, which commands read from the process; the watch and the preview listen for its signals.
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

/** Runs the command line with the process's stdout and stderr (a reader that goes away ends the output quietly). */
export function main(argv: string[]): Promise<RunEnd> {
  return run(argv, {
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
