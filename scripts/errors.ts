/**
 * Problems a user can fix are reported as `DocgenError`s: a file, a place in it
 * (line:column for text, a JSON pointer for schema structure), what is wrong and
 * what to do. The CLI prints them as one block on stderr, never as a stack trace.
 * Modelled on vfile messages: every stage reports through the same shape.
 */

import { escapeInvisible, uEscape } from "./lib/invisible.js";

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
}

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  stale: 1,
  badInput: 2,
} as const;

export class DocgenError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join("\n"));
    this.name = "DocgenError";
    this.problems = list;
  }
}

export function formatPlace(p: Place): string {
  let where = p.file;
  if (p.line !== undefined) {
    where += `:${p.line}`;
    if (p.column !== undefined) where += `:${p.column}`;
  }
  if (p.pointer !== undefined) where += ` at ${p.pointer === "" ? "/" : printable(p.pointer)}`;
  return where;
}

export function formatProblem(p: Problem): string {
  const head = `${formatPlace(p)}: ${p.message}`;
  return p.hint ? `${head}\n  hint: ${p.hint}` : head;
}

/** RFC 6901: escape one reference token. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((t) => "/" + pointerToken(t)).join("");
}

/** RFC 6901: the unescaped reference tokens of a pointer (`""` → none). */
export function pointerTokens(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** 1-based line and column of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * A pointer as it can be shown on a terminal: control characters, line and
 * bidirectional controls and lone surrogates (all of which a schema's names may
 * hold) written as `\uXXXX`.
 */
function printable(s: string): string {
  return escapeInvisible(s).replace(/[\t\n\r]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, uEscape);
}
