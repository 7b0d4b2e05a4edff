/**
 * The one way schema text gets into generated JavaScript and TypeScript: one
 * function per context. Emit-types and emit-validator put no schema string in
 * code but through these (and the verify stage then checks the final files).
 *
 * - `commentText`: inside a block or JSDoc comment;
 * - `commentLine`: on one line of a comment (a file name in a banner);
 * - `stringLiteral`: a double-quoted string literal (and so a quoted key);
 * - `identifier`: an identifier, checked, never changed;
 * - `propertyKey`: a member name, bare when it is an identifier, else a string literal.
 */
import { escapeInvisible } from "./invisible.js";
import { printable } from "./problems.js";

/**
 * An identifier every TypeScript compiler accepts: ASCII only (which non-ASCII
 * letters a compiler accepts depends on the Unicode version it was built with).
 */
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Text that cannot end the comment it is written in: every `*​/` becomes `* /`
 * (as json2ts writes its own), and every line break one `\n` (TypeScript and
 * Prettier end lines at U+2028, U+2029, U+0085 and lone CRs too). Invisible
 * characters are left to the caller's file-wide `\u` escaping.
 */
export function commentText(s: string): string {
  return s.replace(/\r\n|[\r\u0085\u2028\u2029]/g, "\n").replace(/\*\//g, "* /");
}

/**
 * Text on one line of a comment, as a file name in a banner is: `commentText` with every line
 * break, tab and control written as `\uXXXX` (`printable`), so the line stays one line.
 */
export function commentLine(s: string): string {
  return commentText(printable(s));
}

/**
 * A string literal that means `s`, in JavaScript and TypeScript, in any
 * position: JSON's escapes (quotes, backslashes, C0 controls, lone surrogates),
 * and invisible characters (U+2028/2029, bidirectional controls, …) as `\uXXXX`.
 * It holds no raw line break, so no `*​/` or `</script>` in it matters.
 */
export function stringLiteral(s: string): string {
  return escapeInvisible(JSON.stringify(s));
}

/** `name`, when it is an ASCII identifier; anything else is a bug in the caller (names are chosen before this). */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${stringLiteral(name)}`);
  return name;
}

/** A member name as a TypeScript key: bare when it is an ASCII identifier, else a string literal (`"__proto__"` always quoted). */
export function propertyKey(name: string): string {
  if (IDENTIFIER.test(name) && name !== "__proto__") return name;
  return stringLiteral(name);
}
