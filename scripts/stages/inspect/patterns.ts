/**
 * The rules on regular expressions: every `pattern`, and every name under `patternProperties`, is an
 * ECMAScript regular expression with the "u" flag. Ajv compiles each with that flag (the JSON Schema
 * specification reads patterns as Unicode), so one valid only without it (`\-`, `a{`, `\d{1,2`) could
 * never be a validator.
 */
import { pointerToken } from "../../core/problems.js";
import { isObject } from "../../core/schema-walk.js";
import type { SchemaRule } from "./rule.js";

/** `pattern-syntax`: `pattern` is a regular expression. */
export const patternSyntax: SchemaRule = {
  kind: "schema",
  id: "pattern-syntax",
  check({ schema, pointer: base }, _file, report) {
    if (typeof schema.pattern !== "string") return;
    const fault = regExpFault(schema.pattern);
    if (fault === undefined) return;
    const pointer = `${base}/pattern`;
    const quoted = JSON.stringify(schema.pattern);
    report(
      fault === INVALID
        ? {
            pointer,
            structural: pointer,
            message: `"pattern" is not a valid regular expression: ${quoted}`,
            hint: "JSON Schema patterns are ECMAScript regular expressions; escape special characters with a backslash",
          }
        : { pointer, structural: pointer, message: `"pattern" ${unicodeOnly(fault)}: ${quoted}`, hint: UNICODE_HINT },
    );
  },
};

/** `pattern-properties-syntax`: each name under `patternProperties` is a regular expression. */
export const patternPropertiesSyntax: SchemaRule = {
  kind: "schema",
  id: "pattern-properties-syntax",
  check({ schema, pointer: base }, _file, report) {
    if (!isObject(schema.patternProperties)) return;
    for (const regex of Object.keys(schema.patternProperties)) {
      const fault = regExpFault(regex);
      if (fault === undefined) continue;
      const pointer = `${base}/patternProperties/${pointerToken(regex)}`;
      const structural = `${base}/patternProperties`;
      const name = `the "patternProperties" name ${JSON.stringify(regex)}`;
      report(
        fault === INVALID
          ? {
              pointer,
              key: true,
              structural,
              message: `${name} is not a valid regular expression`,
              hint: "each name under patternProperties is an ECMAScript regular expression",
            }
          : { pointer, key: true, structural, message: `${name} ${unicodeOnly(fault)}`, hint: UNICODE_HINT },
      );
    }
  },
};

/** A source no flag makes a regular expression. */
const INVALID = Symbol("invalid");

/**
 * What keeps `source` from being a pattern a validator can compile: nothing (undefined), no regular
 * expression at all (INVALID), or the engine's reason it is none with the "u" flag.
 */
function regExpFault(source: string): typeof INVALID | string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (err) {
    try {
      new RegExp(source);
    } catch {
      return INVALID;
    }
    // "Invalid regular expression: /\-/u: Invalid escape": the reason follows the source and its flags.
    const text = (err as Error).message;
    const at = text.lastIndexOf("/u: ");
    return at === -1 ? text : text.slice(at + 4);
  }
}

/** The message's end for a pattern that is a regular expression only without the "u" flag. */
function unicodeOnly(reason: string): string {
  return `is a regular expression only without the "u" (Unicode) flag, which validators compile patterns with (${reason})`;
}

const UNICODE_HINT =
  'with the "u" flag a backslash escapes only a syntax character (^ $ \\ . * + ? ( ) [ ] { } | /) or makes a known escape (\\d, \\w, \\s, \\u{…}, …): write "-" and "_" without one, and close each "{" quantifier or write "\\{"';
