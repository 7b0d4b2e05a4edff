/**
 * The `link` rule of the lint stage: what a link, an image, a link definition or
 * an autolink on the page may point at.
 *
 * - No destination may use a `javascript:`, `vbscript:` or `data:` URL, wherever
 *   it comes from: the scheme is read the way a browser would read it, and more
 *   (character references and percent escapes decoded, whitespace and
 *   control characters dropped, any case).
 * - Every other destination, but an in-page `#id` link and a `relref` link to the
 *   reference page (the `anchor` rule checks both), must be one the page's own texts
 *   write — its config's fields (the intro, the links, any other) and its
 *   template and partials — as a parse of those texts finds it. Schema text goes
 *   through helpers that make no link, so a destination the page's own texts do
 *   not hold came from schema text that a template wrote unescaped.
 *
 * chunk.ts finds the destinations in the page's single parse; lint.ts holds
 * them to the page's own (parsed once per lint, with the same parser).
 */
import { decodeString } from "micromark-util-decode-string";
import { printable } from "../../core/problems.js";

/** What makes a destination: its construct on the page. */
export type DestinationKind = "link" | "image" | "definition" | "autolink" | "literal";

/** A destination the `link` rule checks against the page's own texts, where its construct starts. */
export interface Destination {
  kind: DestinationKind;
  /** As remark's `url`: character escapes and references decoded; a literal `www.` link with `http://`, an e-mail with `mailto:`. */
  url: string;
  line: number;
  column: number;
}

const PERCENT_ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** What a browser drops from a URL (tab, line breaks, leading and trailing controls and spaces), and every other control, space or invisible format character. */
const DROPPED = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
const DANGEROUS_SCHEME = /^(javascript|vbscript|data):/i;

/**
 * The scheme (lower case) when `url` would run script or carry a document of its own in a browser:
 * `javascript:`, `vbscript:` or `data:`, after decoding character references and percent escapes (again,
 * while that changes the text) and dropping whitespace and control characters. Stricter than a browser,
 * which decodes neither in a scheme: `jav%61script:` is refused too.
 */
export function dangerousScheme(url: string): string | undefined {
  // Fast path: a scheme needs a `:`, written as is, as a reference (`&#58;`, `&colon;`) or a percent escape.
  if (!/[:&%]/.test(url)) return undefined;
  let text = url;
  for (let round = 0; round < 8; round++) {
    const next = decodeString(text)
      .replace(PERCENT_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(DROPPED, "");
    if (next === text) break;
    text = next;
  }
  return DANGEROUS_SCHEME.exec(text)?.[1]?.toLowerCase();
}

/** A destination as a message shows it: a JSON string, cut after 100 characters, its invisible characters as escapes (it is hostile text). */
function shownUrl(url: string): string {
  return printable(JSON.stringify(url.length > 100 ? `${url.slice(0, 100)}…` : url));
}

const WHAT: Record<DestinationKind, string> = {
  link: "a link to",
  image: "an image from",
  definition: "a link definition to",
  autolink: "an autolink to",
  literal: "plain text that GFM turns into a link (autolink literal) to",
};

/** The message for a destination with a dangerous scheme. */
export function dangerousMessage(kind: DestinationKind, url: string, scheme: string): string {
  return `${WHAT[kind]} ${shownUrl(url)}: ${scheme}: URLs run in the reader's browser and no page may hold one; write schema text with {{text …}}, and links as http(s) URLs or site paths`;
}

/** The message for a destination that the page's own texts do not write. */
export function foreignMessage(kind: DestinationKind, url: string): string {
  return `${WHAT[kind]} ${shownUrl(url)} that neither the config nor the template writes: schema text written without a helper made it; write that text with {{text …}}, which ${kind === "image" ? "shows no image" : "makes no link"}`;
}

/** A Handlebars comment, triple-stash or expression (block helpers, partials and `else` too). */
const HANDLEBARS_EXPRESSION = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;

/**
 * A template's fixed text: its source with each `{{…}}` as a space. Every character of a destination found in
 * it is the template's own, so a URL the template builds from a value (`https://x.example/{{name}}`) gives only its
 * fixed part, which the rendered one does not equal; and one next to a block helper
 * (`{{#if x}}https://x.example{{/if}}`) is found whole.
 */
export function templateFixedText(source: string): string {
  return source.replace(HANDLEBARS_EXPRESSION, " ");
}

/** A destination of the page's own texts that is no fixed text: `{{` left in it (a Handlebars `\\{{` escape). */
export function fromTemplateExpression(url: string): boolean {
  return url.includes("{{");
}
