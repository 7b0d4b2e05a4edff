/**
 * The `cws-docgen` command line: its commands and options (commander), what each runs, and how
 * outcomes map to exit codes (run.ts runs it, bin.ts is the executable):
 * EXIT (core/problems.ts): 0 success · 1 stale outputs · 2 bad input or usage · 3 internal error.
 * Errors are printed as one clear block on stderr, starting with `cws-docgen:` (commander's
 * argument errors too); a stack trace only with CWS_DOCGEN_DEBUG=1.
 * SIGINT or SIGTERM during the write ends the command by that same signal, once
 * the outputs are all new or all old (see stages/write.ts).
 * A reader that goes away (`cws-docgen check | head -1`) ends the output quietly:
 * nothing more is printed there, and the exit code is the one the command would have had.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { DocgenError, EXIT, printable, terminalLines } from "../core/problems.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { displayPath, shellWord } from "../core/files.js";
import { escapeInvisible } from "../core/invisible.js";
import { colorWanted, paintUnifiedDiff } from "../core/colors.js";
import { check, generate, type Timings } from "../pipeline/pipeline.js";
import { progressLine, type Terminal } from "./progress.js";
import { type Overrides, refuseStdio } from "../config/config.js";
import type { DiffOptions } from "./diff-command.js";
import type { AttributesCommandOptions } from "./attributes-command.js";
import { ATTRIBUTE_FORMATS } from "../pipeline/attributes.js";
import { FORMATS } from "../diff/format.js";
import type { SchemaStream } from "../stages/load.js";

interface CommonOptions extends Overrides {
  timings?: boolean;
  types?: boolean;
  cache?: boolean;
  watch?: boolean;
  maxSchemaSize?: number;
  /** `check`: print only the stale or missing files. */
  list?: boolean;
  /** `check --list`: the names as they are, each ended by a NUL. */
  z?: boolean;
  /** `check`: text (diffs) or json. */
  format?: "text" | "json";
  /** `generate`, `check`: no `wrote`/`unchanged` lines, no diff, no progress line: only errors. */
  quiet?: boolean;
}

/** `-q, --quiet`, worded for each command that has it. */
function quietOption(what: string): Option {
  return new Option("-q, --quiet", what);
}

/** The end of each command's --help: its examples, then the exit codes and the environment variables. */
function helpFooter(examples: [string, string][]): string {
  const width = Math.max(...examples.map(([cmd]) => cmd.length));
  return `
Examples:
${examples.map(([cmd, what]) => `  ${cmd.padEnd(width)}  ${what}`).join("\n")}

Exit codes:
  0         success (check: every output is current)
  1         check: an output is stale or missing; diff --fail-on-breaking: a breaking change
  2         bad input or bad usage: the message says what to change
  3         internal error: a bug in cws-docgen
  130, 143  generate stopped by SIGINT or SIGTERM while writing (the outputs are all old or all new)

Environment:
  NO_COLOR              set (not empty): no colours in diff's text output and check's diff (FORCE_COLOR wins)
  CWS_DOCGEN_DEBUG      set: print the stack trace of an internal error
  CWS_DOCGEN_CACHE_DIR  the build cache's folder (default: node_modules/.cache/cws-docgen of the
                        nearest folder with a package.json, else the user's cache folder)
  CWS_DOCGEN_CODE_CACHE off: load TypeScript without its V8 code cache (in the user's cache folder)
  XDG_STATE_HOME        where the user's secret that seals both caches is kept (default ~/.local/state)
  CWS_DOCGEN_TS_THREAD  always or never: TypeScript's thread of its own (default: with 2 cores or more and a schema of 32 KiB or more)
`;
}

/**
 * The `generate` command that brings the outputs `check` was run on up to date: the same
 * page options, as given. Run from an npm script of a package that has a `generate`
 * script, that one is named too.
 */
function generateCommandFor(opts: CommonOptions): string {
  const args = ["cws-docgen", "generate"];
  const flags: [string, string | undefined][] = [
    ["--config", opts.config],
    ["--page", opts.page],
    ["--schema", opts.schema],
    ["--template", opts.template],
    ["--docs-out", opts.docsOut],
    ["--types-out", opts.typesOut],
    ["--validator-out", opts.validatorOut],
    ["--max-schema-size", opts.maxSchemaSize === undefined ? undefined : String(Number((opts.maxSchemaSize / 1024 / 1024).toFixed(4)))],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, value);
  if (opts.cache === false) args.push("--no-cache");
  const command = `\`${printable(args.map(shellWord).join(" "))}\``;
  return npmHasGenerateScript() ? `${command} (or \`npm run generate\`)` : command;
}

/** Whether this runs from an npm script of a package (npm sets npm_package_json) that has a `generate` script. */
function npmHasGenerateScript(): boolean {
  const file = process.env.npm_package_json;
  if (!process.env.npm_lifecycle_event || !file) return false;
  try {
    const scripts = (JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, unknown> }).scripts;
    return typeof scripts?.generate === "string";
  } catch {
    return false;
  }
}

/** Commander's messages as ours: each line prefixed, its suggestion as a hint. */
function prefixed(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      if (line === "") return line;
      const suggestion = /^\((Did you mean .*)\)$/.exec(line);
      return suggestion ? `  hint: d${suggestion[1]!.slice(1)}` : `cws-docgen: ${line}`;
    })
    .join("\n");
}

/** `--max-schema-size` in MiB, as bytes. */
function parseMiB(value: string): number {
  const mib = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(mib > 0)) throw new InvalidArgumentError("give a size in MiB, such as 64");
  return Math.round(mib * 1024 * 1024);
}

/** `--port`: a TCP port. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) throw new InvalidArgumentError("give a port from 1 to 65535, such as 1313");
  return port;
}

function withPageOptions(cmd: Command): Command {
  return cmd
    .option(
      "--config <file>",
      "config file (default: the first cws-docgen.config.json in this folder or one above it, up to the repository's root, and only one of your own)",
    )
    .option("--page <name>", "only the page with this name")
    .option("--schema <file>", "schema to read, instead of the page's; - reads it from stdin ($refs relative to this folder)")
    .option("--template <file>", "page template, instead of the page's")
    .option(
      "--docs-out <file>",
      "where the Markdown page goes, instead of the page's; - (generate): stdout, and nothing else is built or written",
    )
    .option("--types-out <file>", "where the TypeScript types go, instead of the page's; - (generate): stdout, and nothing is written")
    .option("--validator-out <file>", "where the runtime validator goes, instead of the page's (default: next to the types)")
    .option("--max-schema-size <MiB>", "refuse a schema (all its files together) bigger than this (default: 16)", parseMiB);
}

/**
 * Where a command writes: `stdout` and `stderr` take text for a terminal or a CI log (the writers
 * pass it through `terminalLines`); `data` writes to stdout as it is, for an output that must keep
 * its exact bytes (a page or types sent to stdout, `check --list -z`).
 */
export interface CliOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  data: (s: string) => void;
  /** Whether stdout is a terminal (then `check`'s and `diff`'s text may be coloured). */
  isTTY?: boolean;
  /** The terminal for the progress line of a long build (none: no progress line). */
  progress?: Terminal;
  /** Sets the run's exit code (a command that ends without an error but with a verdict: stale, breaking). */
  exit?: (code: number) => void;
  /** The environment that chooses colours (NO_COLOR, FORCE_COLOR); default the process's. */
  env?: NodeJS.ProcessEnv;
  /** What `--schema -` reads; default the process's stdin. */
  stdin?: SchemaStream;
  /** The widths of stdout and stderr when they are terminals, for the help's lines (default 80). */
  columns?: { stdout?: number; stderr?: number };
  /** What ends a `generate --watch` or a `preview` when aborted (watch.ts's `WatchStop`). */
  signal?: AbortSignal;
  /** Told when a watch or a preview starts waiting for `signal` (true), and once it no longer does (false). */
  watching?: (on: boolean) => void;
}

/** A file as lines of text show it: relative to the cwd when inside it, and printable (a file name is input text). */
function shown(file: string): string {
  return printable(displayPath(file));
}

/**
 * A file as one line of `check --list`: printable; `./…` when it would start with `-` (an option to
 * the command xargs hands it to), a CI runner's command (`::`, `##[`) or a blank; and one shell word
 * (quoted when it holds a blank, a quote or a backslash), which xargs reads as one argument. The
 * exact names are `--list -z`'s.
 */
function listLine(file: string): string {
  const name = shown(file);
  return shellWord(/^[-:#\s]/.test(name) ? `./${name}` : name);
}

export function buildProgram(out: CliOutput): Command {
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const program = new Command("cws-docgen")
    .description("Render the CWS backend-event JSON Schema into its Hugo reference page and TypeScript types.")
    .version(version, "-v, --version")
    .showHelpAfterError("  hint: run `cws-docgen --help` for usage")
    .configureOutput({
      writeOut: out.stdout,
      writeErr: out.stderr,
      outputError: (str, write) => write(prefixed(str)),
      // The help's width is the run's terminal's, never the width of whatever process the run is in.
      getOutHelpWidth: () => out.columns?.stdout ?? 80,
      getErrHelpWidth: () => out.columns?.stderr ?? 80,
    })
    .exitOverride()
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen generate", "build the pages of the config, write what changed"],
        ["cws-docgen check", "exit 1 when an output is not what generate would write"],
        ["cws-docgen diff main:schema/backend.schema.json schema/backend.schema.json", "what changed, and is it breaking"],
        ["cws-docgen attributes --filter path", "the attribute paths that contain 'path', with type and description"],
        ["cws-docgen generate --help", "the options of a command"],
      ]),
    );
  /** A subcommand whose usage errors point to its own --help. */
  const command = (name: string) => program.command(name).showHelpAfterError(`  hint: run \`cws-docgen ${name} --help\` for usage`);

  defineGenerate(command("generate"), out);
  defineCheck(command("check"), out);
  definePreview(command("preview"), out);
  defineAttributes(command("attributes"), out);
  defineInit(command("init"), out);
  defineDiff(command("diff"), out);
  return program;
}

/** `generate`: build the pages and write what changed (or watch and rebuild). */
function defineGenerate(cmd: Command, out: CliOutput): void {
  withPageOptions(cmd.description("build the pages and types, and write the outputs that changed"))
    .addOption(new Option("--timings", "print milliseconds per pipeline stage on stderr"))
    .option("--no-types", "build and write the page only")
    .option("--no-cache", "ignore and do not fill the build cache")
    .addOption(new Option("--watch", "keep running: rebuild when the schema, a template or the config changes (Ctrl-C stops)"))
    .addOption(quietOption("print only errors: no wrote or unchanged lines (with --watch: only failed builds)"))
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen generate", "every page of the config (found from this folder up)"],
        ["cws-docgen generate --page linux", "one page of the config"],
        ["cws-docgen generate --schema s.json --docs-out p.md --types-out t.ts", "no config needed"],
        ["cws-docgen generate --schema - --docs-out - < s.json > p.md", "stdin to stdout: the page only"],
        ["cws-docgen generate --schema s.json --types-out -", "the types on stdout, nothing written"],
        ["cws-docgen generate --watch", "rebuild on every change (Ctrl-C stops)"],
        ["cws-docgen generate --quiet", "the same, printing only errors"],
      ]),
    )
    .action(async (opts: CommonOptions) => {
      // Warnings (the front matter's keys Hugo reserves) through the command's stderr; none with --quiet.
      const build = {
        types: opts.types !== false,
        cache: opts.cache !== false,
        maxSchemaBytes: opts.maxSchemaSize,
        stdin: out.stdin,
        onWarning: opts.quiet ? () => undefined : out.stderr,
        onNote: out.stderr,
      };
      if (opts.watch) {
        refuseStdio(
          [
            ["--schema", opts.schema],
            ["--docs-out", opts.docsOut],
            ["--types-out", opts.typesOut],
          ],
          "--watch rebuilds from files into files; stdin and stdout cannot be watched",
          (flag) => `give ${flag} a path, or leave out --watch`,
        );
        const { watchAndGenerate } = await import("./watch.js");
        const stdout = opts.quiet ? () => undefined : out.stdout;
        return watchAndGenerate(
          opts,
          { ...out, stdout, timings: opts.timings ? (t: Timings) => formatTimings(t, false) : undefined },
          { build, stop: { signal: out.signal, watching: out.watching } },
        );
      }
      const progress = opts.quiet || !out.progress ? undefined : progressLine(out.progress);
      const result = await generate(opts, { ...build, onStage: progress?.onStage }).finally(() => progress?.stop());
      // The page or the types on stdout are the output itself: its bytes as they are, as a file would get them.
      if (result.stdout !== undefined) out.data(result.stdout);
      if (!opts.quiet) for (const w of result.written) out.stdout(`${w.changed ? "wrote" : "unchanged"} ${shown(w.file)}\n`);
      if (opts.timings) out.stderr(formatTimings(result.timings));
    });
}

/** `check`: build the pages and compare them with the files, writing nothing. */
function defineCheck(cmd: Command, out: CliOutput): void {
  withPageOptions(
    cmd.description("exit 1 when the outputs are not what generate would write, with a diff of each stale one; writes nothing"),
  )
    .option("--no-cache", "ignore the build cache")
    .addOption(new Option("--list", "print only the stale or missing files, one a line").conflicts(["format", "quiet"]))
    .addOption(new Option("-z", "with --list: end each name with a NUL instead of a line feed, and write it exactly (for xargs -0)"))
    .addOption(
      new Option("--format <format>", 'text: diffs; json: {"ok", "outputs": [{"file", "status"}]}, status current, stale or missing')
        .choices(["text", "json"])
        .default("text"),
    )
    .addOption(
      quietOption("print no diff and nothing when current: only the names of the stale or missing files on stderr, and the exit code"),
    )
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen check", "every output of the config; a diff of each stale one"],
        ["cws-docgen check --list", "only the names of the stale or missing outputs"],
        ["cws-docgen check --list -z | xargs -0 git diff --stat --", "the names exactly, NUL-separated"],
        ["cws-docgen check --format json", "a result for tools, on stdout"],
        ["cws-docgen check --quiet", "the exit code, and the stale files' names on stderr"],
        ["cws-docgen check --schema - < s.json", "the outputs of the schema on stdin"],
      ]),
    )
    .action(async (opts: CommonOptions) => {
      if (opts.z && !opts.list)
        throw new DocgenError({
          file: "-z",
          message: "-z ends the names of --list with a NUL, and --list is not given",
          hint: "run check --list -z",
        });
      if (opts.quiet && opts.format === "json")
        throw new DocgenError({
          file: "--quiet",
          message: "--quiet prints no result, and --format json asks for one on stdout",
          hint: "leave out one of them",
        });
      const progress = opts.quiet || !out.progress ? undefined : progressLine(out.progress);
      const result = await check(opts, {
        cache: opts.cache !== false,
        maxSchemaBytes: opts.maxSchemaSize,
        stdin: out.stdin,
        onStage: progress?.onStage,
        onWarning: opts.quiet ? () => undefined : out.stderr,
        onNote: out.stderr,
      }).finally(() => progress?.stop());
      if (result.stale.length > 0) out.exit?.(EXIT.stale);
      if (opts.format === "json") {
        // The exact names, in JSON's escapes; stringLiteral's too (U+2028/2029, bidirectional controls), which JSON.stringify leaves raw.
        const outputs = result.outputs.map((o) => ({ file: displayPath(o.file), status: o.status }));
        out.stdout(`${escapeInvisible(JSON.stringify({ ok: result.stale.length === 0, outputs }, null, 2))}\n`);
        return;
      }
      if (opts.list) {
        // -z: the names exactly, for xargs -0; else one printable line each, never taken for an option.
        for (const s of result.stale) {
          if (opts.z) out.data(`${displayPath(s.file)}\0`);
          else out.stdout(`${listLine(s.file)}\n`);
        }
        return;
      }
      if (result.stale.length === 0) {
        if (!opts.quiet) out.stdout(`up to date: ${result.outputs.map((o) => shown(o.file)).join(", ")}\n`);
        return;
      }
      // On a terminal, the diff in colour: the file's text made safe first (terminalLines), then our colours, written as they are.
      const color = colorWanted({ isTTY: out.isTTY === true }, out.env);
      for (const s of opts.quiet ? [] : result.stale) {
        if (s.status === "missing") out.stdout(`missing: ${shown(s.file)}\n`);
        else if (color) out.data(paintUnifiedDiff(terminalLines(s.diff)));
        else out.stdout(s.diff);
      }
      const names = (status: string) =>
        result.stale
          .filter((s) => s.status === status)
          .map((s) => shown(s.file))
          .join(", ");
      const lines = [
        ...(names("stale") ? [`cws-docgen: stale: ${names("stale")}`] : []),
        ...(names("missing") ? [`cws-docgen: missing: ${names("missing")}`] : []),
      ];
      out.stderr(`${lines.join("\n")}\n  hint: run ${generateCommandFor(opts)} and commit the result\n`);
    });
}

/** `preview`: the pages through Hugo, in a browser (preview.ts). */
function definePreview(cmd: Command, out: CliOutput): void {
  cmd
    .description("serve the config's pages through Hugo, in a browser, with live reload on every change (Ctrl-C stops); writes no output")
    .option("--config <file>", "config file (default: found as for generate)")
    .option("--page <name>", "only the page with this name (and the page it links to)")
    .option("--port <port>", "the server's port (default: a free one, printed)", parsePort)
    .option("--bind <address>", "the address the server listens on", "127.0.0.1")
    .option("--hugo <path>", "the Hugo to run (0.111 or later)", "hugo")
    .option("--no-cache", "ignore and do not fill the build cache")
    .addOption(quietOption("print only the URL and errors (Hugo's too)"))
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen preview", "every page of the config, at the URL it prints"],
        ["cws-docgen preview --page linux", "one page of the config"],
        ["cws-docgen preview --port 1313", "on a port of your choice"],
        ['cws-docgen preview --hugo "$(command -v hugo)" --quiet', "a Hugo of your choice; only the URL and errors"],
      ]),
    )
    .action(
      async (opts: { config?: string; page?: string; port?: number; bind: string; hugo: string; cache?: boolean; quiet?: boolean }) => {
        const { runPreview } = await import("./preview.js");
        await runPreview(opts, out);
      },
    );
}

/** `attributes`: the attribute paths of a page's schema (attributes-command.ts). */
function defineAttributes(cmd: Command, out: CliOutput): void {
  cmd
    .description("list the attribute paths of a page's schema (process.ancestors[].executable.path), with their types and descriptions")
    .option(
      "--config <file>",
      "config file (default: the first cws-docgen.config.json in this folder or one above it, up to the repository's root, and only one of your own)",
    )
    .option("--page <name>", "the page whose schema to read (needed when its pages read several schemas)")
    .option("--schema <file>", "schema to read, instead of the page's (no config needed); - reads it from stdin")
    .option("--filter <text>", "only the paths that contain this text (ignoring case)")
    .addOption(
      new Option("--format <format>", "text: one tab-separated line per path; json: the page's attributes file; markdown: a table")
        .choices(ATTRIBUTE_FORMATS)
        .default("text"),
    )
    .option("--max-schema-size <MiB>", "refuse a schema (all its files together) bigger than this (default: 16)", parseMiB)
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen attributes", "every path of the config's page: path, type, marks, description"],
        ["cws-docgen attributes --filter path", "the paths that contain 'path' (any case); none: no output, exit 0"],
        ["cws-docgen attributes --schema s.json --format json", "the attribute index as JSON (no config needed)"],
        ["cws-docgen attributes --page linux --format markdown", "a Markdown table of one page's paths"],
      ]),
    )
    .action(async (opts: AttributesCommandOptions) => {
      const { runAttributes } = await import("./attributes-command.js");
      out.exit?.(await runAttributes(opts, { stdout: out.stdout, progress: out.progress, stdin: out.stdin }));
    });
}

/** `init`: a config for a team's own schema (pipeline/init.ts). */
function defineInit(cmd: Command, out: CliOutput): void {
  cmd
    .description(
      "write a config for your own schema: its page, types and validator, with texts read from the schema; never replaces a config",
    )
    .argument("<schema>", "the schema's .json file, inside the folder the config goes in")
    .option("--config <file>", "the config to write (default: cws-docgen.config.json here)")
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen init s.json", "cws-docgen.config.json for s.json, then run cws-docgen generate"],
        ["cws-docgen init s.json --config docs.config.json", "another file, named with --config by the other commands"],
      ]),
    )
    .action(async (schema: string, opts: { config?: string }) => {
      const { initConfig } = await import("../pipeline/init.js");
      const made = await initConfig(schema, opts.config);
      const config = printable(displayPath(made.config));
      out.stdout(`wrote ${config}: one page, from ${printable(schema)}\n`);
      out.stdout(`  it will write: ${made.outputs.map(printable).join(", ")}\n`);
      out.stdout(`  next: cws-docgen generate${opts.config === undefined ? "" : ` --config ${config}`}\n`);
    });
}

/** `diff`: the changes between two schemas (diff-command.ts). */
function defineDiff(cmd: Command, out: CliOutput): void {
  cmd
    .description(
      "list the changes between two versions of the schema, each marked breaking or not; OLD and NEW are files or git revisions (main:schema/backend.schema.json)",
    )
    .argument("<old>", "the old schema: a file, or REV:PATH")
    .argument("<new>", "the new schema: a file, or REV:PATH")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--fail-on-breaking", "exit 1 when any change is breaking")
    .option("--max-schema-size <MiB>", "refuse a schema (all its files together) bigger than this (default: 16)", parseMiB)
    .addHelpText(
      "after",
      helpFooter([
        ["cws-docgen diff old.json new.json", "two files"],
        ["cws-docgen diff main:schema/backend.schema.json schema/backend.schema.json", "a git revision against the working tree"],
        ["cws-docgen diff --format markdown --fail-on-breaking OLD NEW", "for a pull-request comment; exit 1 when breaking"],
      ]),
    )
    .action(async (oldSpec: string, newSpec: string, opts: DiffOptions) => {
      const { runDiff } = await import("./diff-command.js");
      out.exit?.(await runDiff(oldSpec, newSpec, opts, { stdout: out.stdout, styled: out.data, isTTY: out.isTTY === true, env: out.env }));
    });
}

function formatTimings(t: Timings, withProcess = true): string {
  const rows = Object.entries(t).map(([stage, ms]) => `  ${stage.padEnd(12)} ${ms!.toFixed(1).padStart(9)} ms`);
  const sum = Object.values(t).reduce((a, b) => a + (b ?? 0), 0);
  // On a large page, lint runs in worker threads beside types and validator: the sum counts that time twice.
  const process_ = `  ${"process".padEnd(12)} ${performance.now().toFixed(1).padStart(9)} ms  (wall time since Node started, module loading included)`;
  return `timings:\n${rows.join("\n")}\n  ${"sum".padEnd(12)} ${sum.toFixed(1).padStart(9)} ms\n${withProcess ? `${process_}\n` : ""}`;
}
