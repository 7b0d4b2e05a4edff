/**
 * The Markdown side of the lint stage: parse one chunk of the page (micromark,
 * remark's tokenizer, with GFM's tables, footnotes and, where there can be any,
 * autolink literals) and report what the page-level rules need: its headings'
 * text, its `#` links, its table rows whose cell count differs from their
 * header's, any raw HTML but comments, and every other link, image, definition
 * and autolink destination (one with a dangerous scheme as a message: links.ts).
 * Runs in the main thread or in a lint worker.
 *
 * It reads micromark's events (each construct entered and exited, with its
 * place in the text) instead of building remark's syntax tree from them: the
 * rules need a few kinds of node, and the tree of every other one was most of
 * the stage's time and memory (garbage collection most of it). Measured on the
 * 5,000-definition synthetic's page (15 MB, `lintPage` in one thread, medians of
 * three alternating runs on the 2-core machine): 10.9 s wall and 15.8 s of CPU
 * with the tree, 5.4 s and 6.0 s without. What each rule sees is what remark's tree holds (the
 * node's position, a link's `url` decoded as remark decodes it, an HTML node's
 * value): test/unit/stages/lint/lint.test.ts compares the two on every real and hostile page
 * (autolink literals aside: remark-gfm finds those in decoded text, Hugo in the
 * source, as micromark does; test/unit/stages/lint/links.test.ts checks them).
 */
import { decodeString } from "micromark-util-decode-string";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmTable } from "micromark-extension-gfm-table";
import { parse, postprocess, preprocess } from "micromark";
import type { Event, Token } from "micromark-util-types";
import { headingSourceText } from "../../core/hugo-anchor.js";
import { safeDecode } from "../../core/schema-walk.js";
import { dangerousMessage, dangerousScheme, type Destination, type DestinationKind } from "./links.js";

/** One finding of the lint stage. */
export interface LintMessage {
  rule: "anchor" | "table" | "front-matter" | "shortcode" | "html" | "link";
  line: number;
  column: number;
  message: string;
}

/** A part of the page, parsed on its own (in this thread or a worker). */
export interface Chunk {
  text: string;
  /** Lines before this chunk in the page. */
  lineOffset: number;
  /** The page's line number of each of the chunk's lines, when they are not consecutive (a run of blanked lines kept as one). */
  lines?: number[];
}

export interface ChunkFindings {
  /** Each heading's source text, as Hugo makes its id from it (core/hugo-anchor.ts). */
  headings: string[];
  links: { id: string; line: number; column: number }[];
  /** Links to another page (`relref` destinations): `FILE#ID` as written. */
  pageLinks: { target: string; line: number; column: number }[];
  /** Every other destination of a link, image, definition or autolink (links.ts), but those with a dangerous scheme, which are messages. */
  destinations: Destination[];
  messages: LintMessage[];
}

/**
 * Of GFM, the constructs that change what the rules see, as Hugo's Markdown
 * (goldmark, GFM tables, footnotes and linkify on) reads them: tables (rows and
 * cells), footnotes (`[^1]: #x` is a footnote, not a link to `#x`) and autolink
 * literals (`www.x.y`, `https://x.y`, `a@x.y` are links). Strikethrough and task
 * lists never make a link, a heading, a table or HTML, and are left out: each
 * extension is parse time on every chunk (guides/performance.md).
 */
const EXTENSIONS = [gfmTable(), gfmFootnote()];
/**
 * Autolink literals make the parse dearer (their e-mail construct is tried at every
 * letter; guides/performance.md), and a chunk can hold one only where it has `www.`, `http://`, `https://`, `ftp://` or `@` as
 * written: the escaping helpers break them all with entities, so that is only where the
 * page's own texts are (and schema text a template wrote unescaped). Those chunks alone
 * are parsed with them: one parse each still.
 */
const WITH_LITERALS = [...EXTENSIONS, gfmAutolinkLiteral()];
const LITERAL_START = /www\.|(?:https?|ftp):\/\/|@/i;
/** A literal `ftp://` URL, which goldmark's linkify makes a link and GFM's autolink literals do not. */
const FTP_LITERAL = /(?<![A-Za-z0-9])ftp:\/\/[^\s<>]*/gi;

/** The placeholder a `relref` link destination is read as (lint.ts puts it there): this scheme, then `FILE#ID`. */
export const RELREF_SCHEME = "relref:";

/** micromark's events of a text, as remark-parse gets them (with autolink literals: as remark-gfm does). */
function eventsOf(text: string, literals: boolean): Event[] {
  return postprocess(
    parse({ extensions: literals ? WITH_LITERALS : EXTENSIONS })
      .document()
      .write(preprocess()(text, undefined, true)),
  );
}

/** The autolinks' tokens whose text is their destination (`<…>`, then GFM's literals). */
const AUTOLINK_KIND: Record<string, DestinationKind> = {
  autolinkProtocol: "autolink",
  autolinkEmail: "autolink",
  literalAutolinkHttp: "literal",
  literalAutolinkWww: "literal",
  literalAutolinkEmail: "literal",
};

export function parseChunk(chunk: Chunk): ChunkFindings {
  const literals = LITERAL_START.test(chunk.text);
  const ftp = literals && /ftp:\/\//i.test(chunk.text);
  const events = eventsOf(chunk.text, literals);
  const pageLine = (line: number) => chunk.lines?.[line - 1] ?? line + chunk.lineOffset;
  const at = (token: Token) => ({ line: pageLine(token.start.line), column: token.start.column });
  const findings: ChunkFindings = { headings: [], links: [], pageLinks: [], destinations: [], messages: [] };
  const source = (token: Token) => chunk.text.slice(token.start.offset, token.end.offset);
  // A destination of any construct: a dangerous scheme is a message at once; the rest go to lint.ts, which knows the page's own texts.
  const destination = (kind: DestinationKind, url: string, where: { line: number; column: number }) => {
    const scheme = dangerousScheme(url);
    if (scheme !== undefined) findings.messages.push({ rule: "link", ...where, message: dangerousMessage(kind, url, scheme) });
    else findings.destinations.push({ kind, url, ...where });
  };
  // The links, images and definitions open around the current event (a destination is the innermost one's).
  const open: Token[] = [];
  // The HTML node being read: its value is its data and line endings (not a container's `> ` before a line), as remark's.
  let html: { token: Token; value: string } | undefined;
  // The table being read: each row's start and its number of cells; and where its messages go (before those of
  // the HTML in its cells, as a walk of remark's tree finds them).
  let rows: { token: Token; cells: number }[] | undefined;
  let tableMessagesAt = 0;
  for (const [kind, token] of events) {
    const type = token.type as string;
    if (kind === "enter") {
      if (type === "link" || type === "image" || type === "definition") open.push(token);
      else if (type === "htmlFlow" || type === "htmlText") html = { token, value: "" };
      else if (type === "table") {
        rows = [];
        tableMessagesAt = findings.messages.length;
      } else if (type === "tableRow") rows?.push({ token, cells: 0 });
      else if ((type === "tableHeader" || type === "tableData") && rows && rows.length > 0) rows[rows.length - 1]!.cells++;
      continue;
    }
    if (type === "atxHeading" || type === "setextHeading") findings.headings.push(headingSourceText(source(token)));
    else if (type === "link" || type === "image" || type === "definition") open.pop();
    else if (type === "resourceDestinationString" || type === "definitionDestinationString") {
      const owner = open[open.length - 1];
      if (owner) {
        // As remark's `url`: character escapes and references decoded.
        const url = decodeString(source(token));
        const linkKind = owner.type === "image" ? "image" : owner.type === "definition" ? "definition" : "link";
        if (linkKind !== "image" && url.startsWith("#")) findings.links.push({ id: safeDecode(url.slice(1)), ...at(owner) });
        else if (linkKind !== "image" && url.startsWith(RELREF_SCHEME))
          findings.pageLinks.push({ target: url.slice(RELREF_SCHEME.length), ...at(owner) });
        else destination(linkKind, url, at(owner));
      }
    } else if (Object.hasOwn(AUTOLINK_KIND, type)) {
      // An autolink (`<…>`) or an autolink literal, as remark's `url`: an e-mail with `mailto:`, a `www.` link with `http://`.
      const text = source(token);
      const url = type.endsWith("Email") ? `mailto:${text}` : type === "literalAutolinkWww" ? `http://${text}` : text;
      // Where the construct starts: a `<…>` autolink's `<` is just before its text.
      const where = at(token);
      destination(AUTOLINK_KIND[type]!, url, type.startsWith("autolink") ? { ...where, column: where.column - 1 } : where);
    } else if (ftp && type === "data" && open.length === 0) {
      for (const m of source(token).matchAll(FTP_LITERAL))
        destination("literal", m[0], { line: pageLine(token.start.line), column: token.start.column + m.index });
    } else if (html && (type === "htmlFlowData" || type === "htmlTextData")) html.value += source(token);
    // A line ending's token ends after the next line's container prefix (`> `): its text is the line ending alone.
    else if (html && type === "lineEnding")
      html.value += chunk.text.startsWith("\r\n", token.start.offset) ? "\r\n" : chunk.text[token.start.offset];
    else if (html && (type === "htmlFlow" || type === "htmlText")) {
      if (!/^<!--[\s\S]*-->$/.test(html.value.trim()))
        findings.messages.push({
          rule: "html",
          ...at(html.token),
          message: `raw HTML ${JSON.stringify(html.value.slice(0, 40))} on the page`,
        });
      html = undefined;
    } else if (type === "table" && rows) {
      const width = rows[0]?.cells ?? 0;
      const uneven = rows
        .filter((row, i) => i > 0 && row.cells !== width)
        .map(
          (row): LintMessage => ({ rule: "table", ...at(row.token), message: `table row has ${row.cells} cells, its header has ${width}` }),
        );
      findings.messages.splice(tableMessagesAt, 0, ...uneven);
      rows = undefined;
    }
  }
  return findings;
}
