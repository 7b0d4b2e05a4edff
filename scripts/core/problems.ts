/**
 * Problems a user can fix are reported as `DocgenError`s: a file, a place in it
 * (line:column for text, a JSON pointer for schema structure), what is wrong and
 * what to do. The CLI prints them as one block on stderr, never as a stack trace.
 * Modelled on vfile messages: every stage reports through the same shape.
 */

import { escapeInvisible, INVISIBLE, LONE_SURROGATE, uEscape } from "./invisible.js";

export interface Place {
  /** The file the problem is in (as given by the user, or absolute). */
  file: string;
  /** 1-based line and column, when the problem has a place in the text. */
  line?: number;
  column?: number;
  /** RFC 6901 JSON pointer, when the problem is about schema structure. */
  pointer?: string;
}

export interface Problem extends Place {
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** The id of the rule that found it (stage 3's `pattern-syntax`, `ref-cycle`, …), for tools and tests: not printed. */
  rule?: string;
}

/** Exit codes of the CLI (a signal ends it with 128 + the signal's number). */
export const EXIT = {
  ok: 0,
  /** `check`: some output is stale; `diff --fail-on-breaking`: a breaking change. */
  stale: 1,
  /** Bad input or bad usage: the message says what to change. */
  badInput: 2,
  /** A bug in cws-docgen. */
  internal: 3,
} as const;

/**
 * What the command line prints for an error, with the trailing line break: a
 * DocgenError as its problems, each line starting with `cws-docgen: error:`; anything else as an internal error (its stack
 * only with CWS_DOCGEN_DEBUG set).
 */
export function errorReport(err: unknown): string {
  // One line per problem, each with the prefix (grep-able, like a compiler's); a hint is the indented line after it.
  if (err instanceof DocgenError) return err.problems.map((p) => `cws-docgen: error: ${formatProblem(p)}\n`).join("");
  // An internal error's message may quote input (a library's words about a file): one printable line too.
  const text = `cws-docgen: internal error: ${printable((err as Error)?.message ?? String(err))}\n  this is a bug in cws-docgen, not in your input; run again with CWS_DOCGEN_DEBUG=1 for details and report it\n`;
  return process.env.CWS_DOCGEN_DEBUG ? `${text}${(err as Error)?.stack}\n` : text;
}

/** The most problems one error reports: the rest are counted in a last line. */
const MAX_PROBLEMS = 200;

export class DocgenError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    let list = Array.isArray(problems) ? problems : [problems];
    if (list.length > MAX_PROBLEMS) {
      const rest = list.length - MAX_PROBLEMS;
      list = [
        ...list.slice(0, MAX_PROBLEMS),
        {
          file: list[MAX_PROBLEMS]!.file,
          message: `… and ${rest} more problem${rest === 1 ? "" : "s"} (only the first ${MAX_PROBLEMS} are shown)`,
          hint: "fix these, then run again",
        },
      ];
    }
    super(list.map(formatProblem).join("\n"));
    this.name = "DocgenError";
    this.problems = list;
  }
}

/**
 * Where a problem is, as shown: the file printable (a file name is input text: it may hold an ESC,
 * a line feed or a bidirectional override), its line and column, its pointer.
 */
function formatPlace(p: Place): string {
  let where = printable(p.file);
  if (p.line !== undefined) {
    where += `:${p.line}`;
    if (p.column !== undefined) where += `:${p.column}`;
  }
  if (p.pointer !== undefined) where += ` at ${p.pointer === "" ? "/" : printable(p.pointer)}`;
  return where;
}

/**
 * A problem as shown: its place, its message, its hint on an indented line. The message and the hint
 * quote input text (names, `$ref` values, paths, a library's words about them), so both are written
 * printable here, once for every message: none holds a line break of its own.
 */
export function formatProblem(p: Problem): string {
  const head = `${formatPlace(p)}: ${printable(p.message)}`;
  return p.hint ? `${head}\n  hint: ${printable(p.hint)}` : head;
}

/** RFC 6901: escape one reference token. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((t) => `/${pointerToken(t)}`).join("");
}

/** RFC 6901: the unescaped reference tokens of a pointer (`""` → none). */
export function pointerTokens(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * 1-based line and column of a character offset in a text. The offsets where
 * lines start are found once per text (the last one asked about), so that
 * thousands of problems in one file cost a binary search each, not a scan.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  if (text !== lineStartsOf.text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    lineStartsOf.text = text;
    lineStartsOf.starts = starts;
  }
  const starts = lineStartsOf.starts;
  const end = Math.max(0, Math.min(offset, text.length));
  // The last line start at or before `end`.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: end - starts[lo]! + 1 };
}

const lineStartsOf: { text?: string; starts: number[] } = { starts: [] };

const PRINTABLE_ESCAPES = new RegExp(`[\\t\\n\\r]|${LONE_SURROGATE.source}`, "g");

/**
 * Text as it can be shown on a terminal (a pointer, a page name): control characters, line and
 * bidirectional controls and lone surrogates (all of which a schema's names may
 * hold) written as `\uXXXX`.
 */
export function printable(s: string): string {
  return escapeInvisible(s).replace(PRINTABLE_ESCAPES, uEscape);
}

/**
 * What `terminalLines` escapes in a line: INVISIBLE's characters, a carriage return (it rewrites the
 * line on a terminal), lone surrogates. Made on first use: the events package's validation.js is
 * bundled from modules that import this one, and a RegExp made at load would be bundled with it.
 */
let lineEscapes: RegExp | undefined;

/**
 * The start of a line that GitHub Actions reads as a workflow command rather than as log text:
 * `::` after blanks (`::error::`, `::add-mask::`, `::stop-commands::`).
 */
const CI_COMMAND_START = /^(\s*):(?=:)/;
/** The runners' older commands, read anywhere in a line: `##[…]` (GitHub Actions' first form, Azure Pipelines' log commands), `##vso[…]` (Azure Pipelines). */
const HASH_COMMAND = /#(?=#(?:vso)?\[)/g;

/**
 * Text as the command line writes it to stdout or stderr (a terminal, a CI log): every line
 * with INVISIBLE's characters, carriage returns and lone surrogates as `\uXXXX`, and the first
 * character of a CI runner's command (`::…` at a line's start, `##[…` and `##vso[…` anywhere) as
 * `\uXXXX` too, so that no line of input text drives the terminal or the runner. Line feeds and
 * tabs stay: they are the text's own lines and columns. Input text that may hold a line break
 * must be `printable` already: a line feed here cannot be told from the text's own.
 */
export function terminalLines(text: string): string {
  lineEscapes ??= new RegExp(`${INVISIBLE.source}|\\r|${LONE_SURROGATE.source}`, "g");
  return text
    .replace(lineEscapes, uEscape)
    .split("\n")
    .map((line) => line.replace(CI_COMMAND_START, "$1\\u003a").replace(HASH_COMMAND, uEscape))
    .join("\n");
}
