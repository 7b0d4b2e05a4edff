/**
 * JSON text with positions. Two views of the same text: `value`, the plain JSON
 * value (JSON.parse: fast, and `__proto__` stays an ordinary key), and `tree`, a
 * syntax tree with offsets (jsonc-parser) that keeps every key in source order,
 * every number as written, and lets later stages turn a JSON pointer back into
 * line:column. The tree is about ten times the size of the text (142 MiB for a
 * 14 MB schema): it is parsed when first asked for, and let go with `releaseTree`.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { DocgenError, lineColumn } from "./problems.js";

export interface LoadedJson {
  /** Path of the file, as given. */
  file: string;
  /** The text, without a leading byte-order mark. */
  text: string;
  /** The syntax tree, parsed on first use (and again after `releaseTree`). */
  readonly tree: Node;
  value: unknown;
  /** Lets the syntax tree go, for the garbage collector; `tree` parses it again if asked. */
  releaseTree(): void;
}

/** A loaded file whose syntax tree is parsed on demand; `tree` is the syntax tree of valid JSON. */
function loaded(file: string, text: string, value: unknown): LoadedJson {
  let memo: Node | undefined;
  return {
    file,
    text,
    value,
    get tree() {
      memo ??= parseTree(text, [], PARSE_OPTIONS)!;
      return memo;
    },
    releaseTree() {
      memo = undefined;
    },
  };
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** Deeper than this is not a schema a person wrote; refusing it keeps every later recursive walk safe. */
export const MAX_DEPTH = 256;

/**
 * Parses JSON text (a schema, a config), after a linear check of its nesting
 * depth; `what` names it in messages ("the schema", "the config").
 */
export function parseJsonText(file: string, bytes: Uint8Array | string, what = "the schema"): LoadedJson {
  let text: string;
  if (typeof bytes === "string") {
    text = bytes;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DocgenError({
        file,
        message: `${what} is not UTF-8 text (binary data?)`,
        hint: `${noun(what)} is a JSON file saved as UTF-8`,
      });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") {
    throw new DocgenError({ file, message: `${what} file is empty`, hint: `${noun(what)} is a JSON object, at least {}` });
  }
  checkDepth(file, text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Where and what: jsonc-parser's syntax tree says it in words, with the offset.
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, PARSE_OPTIONS);
    const first = errors[0];
    if (first || !tree) {
      const at = lineColumn(text, first?.offset ?? 0);
      const what = first ? syntaxMessage(first, text) : "no JSON value";
      throw new DocgenError({
        file,
        ...at,
        message: `invalid JSON: ${what}`,
        hint: "fix the JSON syntax at that place (a JSON linter or `node -e 'JSON.parse(...)'` shows the same)",
      });
    }
    // jsonc-parser accepted what JSON.parse did not (it is more lenient about a few things).
    throw new DocgenError({ file, message: `invalid JSON: ${(err as Error).message}` });
  }
  return loaded(file, text, value);
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
        throw new DocgenError({
          file,
          ...lineColumn(text, i),
          message: `the JSON is nested more than ${MAX_DEPTH} levels deep`,
          hint: "a schema this deep is almost certainly generated by mistake; flatten it with definitions and $ref",
        });
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

/** "the schema" → "a schema". */
function noun(what: string): string {
  return what.replace(/^the /, "a ");
}
