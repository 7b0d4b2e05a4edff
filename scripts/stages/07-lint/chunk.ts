/**
 * The remark side of the lint stage: parse one chunk of the page (remark-parse
 * with GFM's tables and footnotes) and report what the page-level rules need: its headings' text, its
 * `#` links, its table rows whose cell count differs from their header's, and
 * any raw HTML but comments.
 * Runs in the main thread or in a lint worker.
 */
import { toString as textOf } from "mdast-util-to-string";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmTable } from "micromark-extension-gfm-table";
import remarkParse from "remark-parse";
import { type Processor, unified } from "unified";
import { visit } from "unist-util-visit";
import type { Root } from "mdast";
import { headingSourceText } from "../../core/hugo-anchor.js";
import { safeDecode } from "../../core/schema-walk.js";

/** One finding of the lint stage. */
export interface LintMessage {
  rule: "anchor" | "table" | "front-matter" | "shortcode" | "html";
  line: number;
  column: number;
  message: string;
}

/** A part of the page, parsed on its own (in this thread or a worker). */
export interface Chunk {
  text: string;
  /** Lines before this chunk in the page. */
  lineOffset: number;
}

export interface ChunkFindings {
  /** Each heading's source text, as Hugo makes its id from it (core/hugo-anchor.ts). */
  headings: string[];
  links: { id: string; line: number; column: number }[];
  /** Links to another page (`relref` destinations): `FILE#ID` as written. */
  pageLinks: { target: string; line: number; column: number }[];
  messages: LintMessage[];
}

/**
 * Of GFM, the two constructs that change what the rules see, as Hugo's
 * Markdown (goldmark, GFM tables and footnotes on) reads them: tables (rows and
 * cells) and footnotes (`[^1]: #x` is a footnote, not a link to `#x`).
 * Autolink literals, strikethrough and task lists never make a `#` link, a
 * heading, a table or HTML; leaving them out makes the stage about a third
 * faster (3.5 s instead of 5.5 s on 600 KB of a 1,000-definition page).
 */
function gfmTablesAndFootnotes(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), gfmTable(), gfmFootnote()];
  data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), gfmTableFromMarkdown(), gfmFootnoteFromMarkdown()];
}

/** The placeholder a `relref` link destination is read as (lint.ts puts it there): this scheme, then `FILE#ID`. */
export const RELREF_SCHEME = "relref:";

const processor = unified().use(remarkParse).use(gfmTablesAndFootnotes);

export function parseChunk(chunk: Chunk): ChunkFindings {
  const tree = processor.parse(chunk.text) as Root;
  const at = (node: { position?: { start: { line: number; column: number } } }) => ({
    line: (node.position?.start.line ?? 1) + chunk.lineOffset,
    column: node.position?.start.column ?? 1,
  });
  const findings: ChunkFindings = { headings: [], links: [], pageLinks: [], messages: [] };
  visit(tree, (node) => {
    if (node.type === "heading") {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      findings.headings.push(start !== undefined && end !== undefined ? headingSourceText(chunk.text.slice(start, end)) : textOf(node));
    } else if (node.type === "link" || node.type === "definition") {
      if (node.url.startsWith("#")) findings.links.push({ id: safeDecode(node.url.slice(1)), ...at(node) });
      else if (node.url.startsWith(RELREF_SCHEME)) findings.pageLinks.push({ target: node.url.slice(RELREF_SCHEME.length), ...at(node) });
    } else if (node.type === "html") {
      if (!/^<!--[\s\S]*-->$/.test(node.value.trim()))
        findings.messages.push({ rule: "html", ...at(node), message: `raw HTML ${JSON.stringify(node.value.slice(0, 40))} on the page` });
    } else if (node.type === "table") {
      const width = node.children[0]?.children.length ?? 0;
      node.children.forEach((row, i) => {
        if (i > 0 && row.children.length !== width) {
          findings.messages.push({
            rule: "table",
            ...at(row),
            message: `table row has ${row.children.length} cells, its header has ${width}`,
          });
        }
      });
    }
  });
  return findings;
}
