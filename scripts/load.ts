/**
 * Stage 1, load: read a schema file and parse it.
 *
 * Two views of the same text come out: `value`, the plain JSON value (JSON.parse:
 * fast, and `__proto__` stays an ordinary key), and `tree`, a syntax tree with
 * offsets (jsonc-parser) that keeps every key in source order, every number as
 * written, and lets later stages turn a JSON pointer back into line:column.
 */
import { readFile, stat } from "node:fs/promises";
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { DocgenError, lineColumn } from "./errors.js";

export interface LoadedSchema {
  /** Path of the file, as given. */
  file: string;
  /** The text, without a leading byte-order mark. */
  text: string;
  tree: Node;
  value: unknown;
}

/** Deeper than this is not a schema a person wrote; refusing it keeps every later recursive walk safe. */
export const MAX_DEPTH = 256;

/**
 * The most a schema may weigh, its own file and every file it refers to together.
 * The page and the types of a schema this size take some seconds to build; a bigger
 * one is refused before it is read, rather than keeping the build busy for minutes.
 */
export const MAX_SCHEMA_BYTES = 1024 * 1024;

export async function loadSchema(file: string): Promise<LoadedSchema> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    if (!info.isFile()) {
      throw new DocgenError({ file, message: "the schema is not a regular file (a device, a pipe or a socket?)", hint: "give the path of a .json file" });
    }
    if (info.size > MAX_SCHEMA_BYTES) throw tooBig(file, info.size);
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof DocgenError) throw err;
    throw new DocgenError({ file, message: `cannot read the schema: ${describeFsError(err)}`, hint: "check the path given by --schema or the config's \"schema\" field" });
  }
  return parseSchemaText(file, bytes);
}

export function parseSchemaText(file: string, bytes: Uint8Array | string): LoadedSchema {
  let text: string;
  if (typeof bytes === "string") {
    text = bytes;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DocgenError({ file, message: "the schema is not UTF-8 text (binary data?)", hint: "a schema is a JSON file saved as UTF-8" });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") {
    throw new DocgenError({ file, message: "the schema file is empty", hint: "a schema is a JSON object, at least {}" });
  }
  checkDepth(file, text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !tree) {
    const at = lineColumn(text, first?.offset ?? 0);
    const what = first ? syntaxMessage(first, text) : "no JSON value";
    throw new DocgenError({ file, ...at, message: `invalid JSON: ${what}`, hint: "fix the JSON syntax at that place (a JSON linter or `node -e 'JSON.parse(...)'` shows the same)" });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // jsonc-parser accepted what JSON.parse did not (it is more lenient about a few things).
    throw new DocgenError({ file, message: `invalid JSON: ${(err as Error).message}` });
  }
  return { file, text, tree, value };
}

function syntaxMessage(e: ParseError, text: string): string {
  const code = printParseErrorCode(e.error);
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "malformed number",
    PropertyNameExpected: "a property name (in double quotes) was expected",
    ValueExpected: "a value was expected",
    ColonExpected: "a colon was expected",
    CommaExpected: "a comma was expected",
    CloseBraceExpected: "a closing } was expected",
    CloseBracketExpected: "a closing ] was expected",
    EndOfFileExpected: "the text goes on after the JSON value ends",
    InvalidCommentToken: "comments are not allowed in JSON",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid \\u escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in a string (control characters must be escaped)",
  };
  const near = JSON.stringify(text.slice(e.offset, e.offset + Math.max(1, Math.min(e.length, 20))));
  return `${words[code] ?? code} near ${near}`;
}

/** Linear scan of bracket nesting, outside strings, before any recursive parser runs. */
function checkDepth(file: string, text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_DEPTH) {
        throw new DocgenError({ file, ...lineColumn(text, i), message: `the JSON is nested more than ${MAX_DEPTH} levels deep`, hint: "a schema this deep is almost certainly generated by mistake; flatten it with definitions and $ref" });
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

/** The error for a schema over MAX_SCHEMA_BYTES (`bytes` of them). */
export function tooBig(file: string, bytes: number, what = "the schema is"): DocgenError {
  const mib = (n: number) => `${Number((n / 1024 / 1024).toFixed(2))} MiB`;
  return new DocgenError({ file, message: `${what} ${mib(bytes)}; cws-docgen reads schemas up to ${mib(MAX_SCHEMA_BYTES)} (all their files together)`, hint: "a schema this big is almost certainly generated by mistake; if it is not, raise MAX_SCHEMA_BYTES in scripts/load.ts" });
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory, not a file";
    default:
      return e?.message ?? String(err);
  }
}
