/**
 * Characters a reader must see as escapes, not raw: C0 controls but tab, line
 * feed and carriage return (a NUL makes git call a file binary, an ESC drives
 * the terminal that prints it), DEL and the C1 controls, the line and paragraph
 * separators, the bidirectional controls of Trojan Source attacks, and the
 * zero-width no-break space. The page's JSON blocks, the types and the error
 * messages all write them as `\uXXXX`.
 */
export const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The control characters of INVISIBLE, and the bidirectional controls: what one
 * line of Markdown drops (the line and paragraph separators are line breaks
 * there, and a zero-width no-break space is harmless).
 */
export const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A UTF-16 surrogate without its pair: no character, and no valid UTF-8 or JSON text can hold one once written. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One UTF-16 code unit as a `\uXXXX` escape (valid in JSON, JavaScript and TypeScript). */
export function uEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

const ANY_INVISIBLE = new RegExp(INVISIBLE.source);

/** Whether `s` holds an INVISIBLE character. */
export function hasInvisible(s: string): boolean {
  return ANY_INVISIBLE.test(s);
}

/** Where the first INVISIBLE character of `s` is, or -1. */
export function firstInvisible(s: string): number {
  return s.search(ANY_INVISIBLE);
}

/** `s` with every INVISIBLE character written as `\uXXXX`. */
export function escapeInvisible(s: string): string {
  return s.replace(INVISIBLE, uEscape);
}
