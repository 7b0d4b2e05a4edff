/**
 * Escaping for the contexts a value can land in on a Hugo Markdown page.
 * Untrusted text (descriptions, names) goes through one of these: it must not
 * open a tag, a shortcode, a link, a new table row or a new block.
 */
import { CONTROLS } from "./invisible.js";

/** Line breaks of every kind, and other control characters, which have no place in one line of Markdown. */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;

/** One line of text: line breaks become spaces, control characters (bidirectional ones too) are dropped. */
export function oneLine(s: string): string {
  return s.replace(LINE_BREAKS, " ").replace(CONTROLS, "").replace(/\t/g, " ");
}

/**
 * Inline Markdown text, safe in a paragraph and in a GFM table cell: every
 * character that Markdown, GFM, HTML or a Hugo shortcode could read as syntax is
 * escaped (a URL does not become a link either); everything else is left as
 * written, so plain prose stays readable.
 */
export function mdText(s: string, options: { literalPunctuation?: boolean } = {}): string {
  let out = oneLine(s)
    .trim()
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // `_` only where it could open or close emphasis: not between two letters or digits (is_imds_v2 stays as is).
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    // A Hugo shortcode starts with `{{`: the entity keeps the brace but breaks the pair.
    .replace(/\{(?=\{)/g, "&#123;")
    // Plain URLs and e-mail addresses stay text: Hugo's linkify (GFM literal autolinks) needs
    // `://`, `www.` or `@` as written, and would swallow the escapes that follow into the link.
    .replace(/:(?=\/\/)/g, "&#58;")
    // Every `www.`: GFM starts one after `_`, `*`, `~` or `(` too (`a_www.x` links), where `\b` sees no boundary.
    .replace(/(www)\./gi, "$1&#46;")
    .replace(/@/g, "&#64;");
  if (options.literalPunctuation) out = keepFromTypographer(out);
  // A line-leading marker could start a list, a heading, a quote or a block: escape it.
  out = out.replace(/^([#+\-=>]|\d+[.)])/, (m) => (/^\d/.test(m) ? m.replace(/([.)])$/, "\\$1") : `\\${m}`));
  return out;
}

/**
 * Text Hugo's typographer (Goldmark's extension, on by default) leaves as
 * written: it turns `--` and `---` into dashes, `...` into an ellipsis, `<<` and
 * `>>` into angle quotes and straight quotes into curly ones (guessing their
 * direction, sometimes wrongly: `'enforcing'` → `’enforcing’`). It reads the
 * Markdown source, not entities: every `'` and `"`, every `-` of a run of two
 * or more and every `.` of a run of three or more is written as a numeric
 * entity (`<` and `>` already are). Used by `mdText` with `literalPunctuation`.
 */
export function keepFromTypographer(markdown: string): string {
  return markdown
    .replace(/'/g, "&#39;")
    .replace(/"/g, "&#34;")
    .replace(/-{2,}/g, (run) => "&#45;".repeat(run.length))
    .replace(/\.{3,}/g, (run) => "&#46;".repeat(run.length));
}

/**
 * An inline code span holding `s` verbatim (as far as Markdown allows): the fence
 * is longer than any run of backticks inside. Three things are kept out of the
 * span: a `{` that opens a `{{` pair (Hugo would read a shortcode) is written
 * between two spans as the entity `&#123;`; the `<` of `<!--more-->` (Hugo cuts
 * the page's first one out of the source as its summary divider, wherever it
 * is) as `&lt;`; and, in a table cell (`table`, the default), each `|` is
 * written between two spans as the escaped text `\|`, so that no backslash run
 * inside a span can turn a pipe into a cell boundary. The text a reader sees is
 * `oneLine(s)`, unchanged; a heading's anchor is made from what is written
 * (core/hugo-anchor.ts).
 */
export function mdCode(s: string, options: { table?: boolean } = {}): string {
  const cells = (options.table ?? true) ? oneLine(s).split("|") : [oneLine(s)];
  return cells.map(codeSpans).join("\\|");
}

/** What is written outside the spans instead of a character that must not be inside one. */
const OUTSIDE_SPANS = /\{(?=\{)|<(?=!--more-->)/g;

/** Code spans for `s`, with the first `{` of each `{{` pair written between two spans as `&#123;`, and the `<` of `<!--more-->` as `&lt;`. */
function codeSpans(s: string): string {
  let out = "";
  let from = 0;
  for (const m of s.matchAll(OUTSIDE_SPANS)) {
    out += codeSpan(s.slice(from, m.index)) + (m[0] === "{" ? "&#123;" : "&lt;");
    from = m.index + 1;
  }
  return out + codeSpan(s.slice(from));
}

function codeSpan(s: string): string {
  if (s === "") return "";
  let longest = 0;
  for (const run of s.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  // CommonMark strips one space from each end when both have one, unless the content is only spaces
  // (U+0020: a BOM or a no-break space counts as content).
  const pad = s.startsWith("`") || s.endsWith("`") || (/^ [\s\S]* $/.test(s) && /[^ ]/.test(s)) ? " " : "";
  return fence + pad + s + pad + fence;
}

/**
 * A YAML scalar for the front matter: plain when that is unambiguous, double-quoted otherwise. A word that
 * YAML 1.1 (go-yaml v2, which older Hugo reads front matter with) takes for a boolean or null is quoted:
 * `y`, `n`, `yes`, `off`, `null`, `~`.
 */
export function yamlScalar(s: string): string {
  const plainSafe =
    /^[A-Za-z0-9(][^:#\n\r"'`{}[\],&*!|>%@]*$/.test(s) &&
    !/\s$/.test(s) &&
    !/^(true|false|yes|no|on|off|y|n|null|~|[-+]?\d[\d._eE+-]*)$/i.test(s);
  return plainSafe ? s : JSON.stringify(oneLine(s)).replace(/\{(?=\{)/g, "\\u007b");
}

/**
 * A front matter key cws-docgen writes: a plain identifier (a letter or `_`, then letters, digits, `_`, `-`),
 * so YAML, TOML and Hugo's `.Params` all read it as written, and no key can carry `: `, `#`, a line break or
 * a `---`. (A word YAML would read as a boolean, `yes`, is still written through yamlScalar: quoted.)
 */
export const FRONT_MATTER_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A front matter value: a string, a finite number, a boolean, or a list of strings. */
export type FrontMatterValue = string | number | boolean | string[];

/** Why a value cannot be a front matter value, or undefined when it can. */
export function frontMatterValueProblem(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "is a number too large for YAML";
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? undefined : "is a list with an item that is no string";
  return `is ${value === null ? "null" : typeof value === "object" ? "an object" : typeof value}: a value is a string, a number, a boolean or a list of strings`;
}

/**
 * The front matter's lines (without the `---` around them), one `key: value` per entry, in order. Every key
 * and every value goes through yamlScalar (a list as a flow sequence of them, `[a, "b: c"]`: yamlScalar's plain
 * scalars hold no `,[]{}`), so no value can end the block, open another key or hold a `{{`. Throws on a key
 * or a value the config would have refused (a template that passes another object).
 */
export function yamlFrontMatter(entries: Record<string, unknown>): string {
  return Object.entries(entries)
    .map(([key, value]) => {
      if (!FRONT_MATTER_KEY.test(key)) throw new Error(`front matter key ${JSON.stringify(key)} is not a plain identifier`);
      const problem = frontMatterValueProblem(value);
      if (problem !== undefined) throw new Error(`front matter value of ${JSON.stringify(key)} ${problem}`);
      const v = value as FrontMatterValue;
      const text = Array.isArray(v) ? `[${v.map(yamlScalar).join(", ")}]` : typeof v === "string" ? yamlScalar(v) : String(v);
      return `${yamlScalar(key)}: ${text}`;
    })
    .join("\n");
}

/**
 * An HTML comment on a line of its own, `<!-- text -->`, for a banner on a Hugo Markdown page. The text is
 * `oneLine`, trimmed; its `<` and `>` are written `&lt;` and `&gt;` (so no `-->` or `--!>` can close the
 * comment early and no `<!--more-->` can cut the page's summary there, while a flag's `--` reads as
 * written), and the first `{` of each `{{` pair `&#123;` (Hugo reads shortcodes inside comments too). The
 * spaces around the text keep a `-` of its ends from touching `<!--` or `-->`.
 */
export function htmlComment(text: string): string {
  const safe = oneLine(text)
    .trim()
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\{(?=\{)/g, "&#123;");
  return `<!-- ${safe} -->`;
}
