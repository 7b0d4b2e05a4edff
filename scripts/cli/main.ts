#!/usr/bin/env node
/**
 * The `cws-docgen` command line. Parses arguments (commander), runs the
 * pipeline, and maps outcomes to exit codes:
 * EXIT (core/problems.ts): 0 success · 1 stale outputs · 2 bad input or usage · 3 internal error.
 * Errors are printed as one clear block on stderr; a stack trace only with CWS_DOCGEN_DEBUG=1.
 * SIGINT or SIGTERM during the write ends the command by that same signal, once
 * the outputs are all new or all old (see stages/10-write.ts).
 * A reader that goes away (`cws-docgen check | head -1`) ends the output quietly:
 * nothing more is printed there, and the exit code is the one the command would have had.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DocgenError, EXIT, errorReport } from "../core/problems.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { displayPath } from "../core/files.js";
import { check, generate, pageOutputs, type Timings } from "../pipeline/pipeline.js";
import { progressLine } from "./progress.js";
import type { Overrides } from "../config/config.js";
import type { DiffOptions } from "./diff-command.js";
import { FORMATS } from "../diff/format.js";
import { Interrupted } from "../stages/10-write.js";

interface CommonOptions extends Overrides {
  timings?: boolean;
  types?: boolean;
  cache?: boolean;
  watch?: boolean;
  maxSchemaSize?: number;
}

/** `--max-schema-size` in MiB, as bytes. */
function parseMiB(value: string): number {
  const mib = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(mib > 0)) throw new InvalidArgumentError("give a size in MiB, such as 64");
  return Math.round(mib * 1024 * 1024);
}

function withPageOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "config file (default: ./cws-docgen.config.json)")
    .option("--page <name>", "only the page with this name")
    .option("--schema <file>", "schema to read, instead of the page's")
    .option("--template <file>", "page template, instead of the page's")
    .option("--docs-out <file>", "where the Markdown page goes, instead of the page's")
    .option("--types-out <file>", "where the TypeScript types go, instead of the page's")
    .option("--validator-out <file>", "where the runtime validator goes, instead of the page's (default: next to the types)")
    .option("--max-schema-size <MiB>", "refuse a schema (all its files together) bigger than this (default: 16)", parseMiB);
}

export function buildProgram(out: { stdout: (s: string) => void; stderr: (s: string) => void }): Command {
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const program = new Command("cws-docgen")
    .description("Render the CWS backend-event JSON Schema into its Hugo reference page and TypeScript types.")
    .version(version, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .exitOverride();

  withPageOptions(program.command("generate").description("build the pages and types, and write the outputs that changed"))
    .addOption(new Option("--timings", "print milliseconds per pipeline stage on stderr"))
    .option("--no-types", "build and write the page only")
    .option("--no-cache", "ignore and do not fill the build cache")
    .addOption(new Option("--watch", "keep running: rebuild when the schema, a template or the config changes (Ctrl-C stops)"))
    .action(async (opts: CommonOptions) => {
      const build = { types: opts.types !== false, cache: opts.cache !== false, maxSchemaBytes: opts.maxSchemaSize };
      if (opts.watch) {
        const { watchAndGenerate } = await import("./watch.js");
        return watchAndGenerate(opts, { ...out, timings: opts.timings ? (t: Timings) => formatTimings(t, false) : undefined }, { build });
      }
      const progress = progressLine(process.stderr);
      const result = await generate(opts, { ...build, onStage: progress?.onStage }).finally(() => progress?.stop());
      for (const w of result.written) out.stdout(`${w.changed ? "wrote" : "unchanged"} ${displayPath(w.file)}\n`);
      if (opts.timings) out.stderr(formatTimings(result.timings));
    });

  withPageOptions(
    program.command("check").description("exit 1 with a diff when the outputs are not what generate would write; writes nothing"),
  )
    .option("--no-cache", "ignore the build cache")
    .action(async (opts: CommonOptions) => {
      const progress = progressLine(process.stderr);
      const result = await check(opts, {
        cache: opts.cache !== false,
        maxSchemaBytes: opts.maxSchemaSize,
        onStage: progress?.onStage,
      }).finally(() => progress?.stop());
      if (result.stale.length === 0) {
        out.stdout(
          `up to date: ${result.pages
            .flatMap(pageOutputs)
            .map((o) => displayPath(o.file))
            .join(", ")}\n`,
        );
        return;
      }
      for (const s of result.stale) out.stdout(s.diff);
      out.stderr(
        `stale: ${result.stale.map((s) => displayPath(s.file)).join(", ")}\n  hint: run \`npm run generate\` (or \`cws-docgen generate\`) and commit the result\n`,
      );
      process.exitCode = EXIT.stale;
    });

  program
    .command("diff")
    .description(
      "list the changes between two versions of the schema, each marked breaking or not; OLD and NEW are files or git revisions (main:schema/backend.schema.json)",
    )
    .argument("<old>", "the old schema: a file, or REV:PATH")
    .argument("<new>", "the new schema: a file, or REV:PATH")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--fail-on-breaking", "exit 1 when any change is breaking")
    .option("--max-schema-size <MiB>", "refuse a schema (all its files together) bigger than this (default: 16)", parseMiB)
    .action(async (oldSpec: string, newSpec: string, opts: DiffOptions) => {
      const { runDiff } = await import("./diff-command.js");
      process.exitCode = await runDiff(oldSpec, newSpec, opts, { stdout: out.stdout, isTTY: process.stdout.isTTY });
    });

  return program;
}

function formatTimings(t: Timings, withProcess = true): string {
  const rows = Object.entries(t).map(([stage, ms]) => `  ${stage.padEnd(12)} ${ms!.toFixed(1).padStart(9)} ms`);
  const sum = Object.values(t).reduce((a, b) => a + (b ?? 0), 0);
  // On a large page, lint runs in worker threads beside types and validator: the sum counts that time twice.
  const process_ = `  ${"process".padEnd(12)} ${performance.now().toFixed(1).padStart(9)} ms  (wall time since Node started, module loading included)`;
  return `timings:\n${rows.join("\n")}\n  ${"sum".padEnd(12)} ${sum.toFixed(1).padStart(9)} ms\n${withProcess ? `${process_}\n` : ""}`;
}

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

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram({ stdout: quietWhenClosed(process.stdout), stderr: quietWhenClosed(process.stderr) });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.badInput;
    }
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (err instanceof Interrupted) {
      process.stderr.write(`cws-docgen: ${err.message}\n`);
      interrupted = err.signal;
      return 128 + SIGNAL_NUMBERS[err.signal];
    }
    process.stderr.write(errorReport(err));
    return err instanceof DocgenError ? EXIT.badInput : EXIT.internal;
  }
}

/** Set when a signal stopped the write: the process then ends by that signal, as if it had not been held. */
let interrupted: Interrupted["signal"] | undefined;
const SIGNAL_NUMBERS: Record<Interrupted["signal"], number> = { SIGINT: 2, SIGTERM: 15 };

process.exitCode = await main(process.argv.slice(2));
if (interrupted) process.kill(process.pid, interrupted);
