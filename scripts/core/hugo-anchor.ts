/**
 * Heading ids as Hugo makes them (Goldmark, `autoHeadingIDType = "github"`, the
 * default, as on the docs site), so that every `#anchor` on the page lands.
 *
 * Hugo does not slug what the reader sees: it takes the heading's Markdown
 * source as written on its line (after the `#`s, before trailing spaces; code
 * span backticks and `&#123;` entities included) and, code point by code point:
 * - trims Unicode white space at both ends (Go's `bytes.TrimSpace`);
 * - writes `-` for each `-` and each space U+0020 (runs are not collapsed);
 * - keeps letters (`\p{L}`), decimal digits (`\p{Nd}`) and `_`, lowercased one
 *   code point at a time by Go's simple case mapping (`İ` → `i`, `Σ` → `σ`
 *   even at the end of a word);
 * - drops everything else: punctuation, symbols, emoji, marks (so a decomposed
 *   `é` loses its accent), letter-like numbers (`Ⅻ`), connectors (`‿`), tabs.
 * An empty result becomes `heading`. Ids are unique per page: a repeated one
 * gets `-1`, `-2`, … (the first free one, checked against every id made so far).
 *
 * Checked against real Hugo: test/fixtures/hugo/anchors.json, recorded by
 * scripts/dev/hugo-anchors.ts, is replayed by test/unit/core/hugo-anchor.test.ts.
 *
 * Hugo 0.111 is built with Go 1.19, whose Unicode tables are version 13.0:
 * letters, digits and case mappings come from those (core/unicode-13.generated.ts),
 * not from the runtime's later Unicode, whose newer letters Hugo drops.
 */
import { mdCode } from "./markdown.js";
import { LETTER_DIGIT_UNDERSCORE, LOWERCASE_RUNS } from "./unicode-13.generated.js";

/** Go's `unicode.IsSpace`: what `bytes.TrimSpace` removes at both ends. */
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, "gu");
const TRIM_ENDS = new RegExp(`^[${GO_SPACE}]|[${GO_SPACE}]$`, "u");
const ASCII = /^[\u0000-\u007f]*$/;
const ASCII_DROPPED = /[^A-Za-z0-9_ -]/g;

let lowercase: Map<number, number> | undefined;

/** Go's `unicode.ToLower` of one code point: the simple mapping of Unicode 13.0 (`İ` → `i`, `Σ` → `σ`). */
function lowerRune(c: string): string {
  if (!lowercase) {
    lowercase = new Map();
    for (const [first, count, stride, delta] of LOWERCASE_RUNS)
      for (let i = 0; i < count; i++) lowercase.set(first + i * stride, first + i * stride + delta);
  }
  const to = lowercase.get(c.codePointAt(0)!);
  return to === undefined ? c : String.fromCodePoint(to);
}

/** The id Hugo makes of a heading's source text, before it is made unique on the page ("" when nothing is kept). */
export function hugoSlug(source: string): string {
  const text = TRIM_ENDS.test(source) ? source.replace(TRIM, "") : source;
  // ASCII, most names: regular expressions give a flat string at once.
  if (ASCII.test(text)) return text.replace(ASCII_DROPPED, "").replace(/ /g, "-").toLowerCase();
  const out: string[] = [];
  for (const c of text) {
    if (c === "-" || c === " ") out.push("-");
    else if (c < "\u0080" ? /[A-Za-z0-9_]/.test(c) : LETTER_DIGIT_UNDERSCORE.test(c)) out.push(lowerRune(c));
  }
  return out.join("");
}

/** The ids of one page, in page order: Hugo's `idFactory` (an empty id is `heading`; repeats get `-1`, `-2`, …). */
export class HugoIds {
  private readonly used = new Set<string>();

  /** The id of the next heading on the page, from its source text. */
  next(source: string): string {
    let id = hugoSlug(source);
    if (id === "") id = "heading";
    if (this.used.has(id)) {
      let n = 1;
      while (this.used.has(`${id}-${n}`)) n++;
      id = `${id}-${n}`;
    }
    this.used.add(id);
    return id;
  }
}

/** What the page writes for a definition's heading after `## `: the `code` helper's `table=false` spans. */
export function definitionHeadingSource(name: string): string {
  return mdCode(name, { table: false });
}

/**
 * The source text Goldmark gives a heading's id, from the heading's Markdown:
 * an ATX heading's line without its `#` marker, closing `#`s and surrounding
 * spaces; a setext heading's last line (underline excluded).
 */
export function headingSourceText(markdown: string): string {
  const lines = markdown.split(/\r\n|\n|\r/);
  const atx = /^ {0,3}#{1,6}(?=[ \t]|$)/.exec(lines[0]!);
  if (atx && lines.length === 1) {
    let text = lines[0]!
      .slice(atx[0].length)
      .replace(/^[ \t]+/, "")
      .replace(/[ \t]+$/, "");
    // A closing sequence: `#`s preceded by a space (or making up the whole text).
    const closing = /(^|[ \t])#+$/.exec(text);
    if (closing) text = text.slice(0, closing.index).replace(/[ \t]+$/, "");
    return text;
  }
  const content = lines.length > 1 && /^ {0,3}(=+|-+)[ \t]*$/.test(lines[lines.length - 1]!) ? lines.slice(0, -1) : lines;
  return content[content.length - 1]!.replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");
}
