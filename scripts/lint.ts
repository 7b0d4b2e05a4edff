/**
 * Stage 5, lint: parse the rendered page with remark (+ GFM) and check it before
 * anything is written. Problems are reported like unified's messages: the file,
 * line:column in the rendered page, and the rule that failed.
 *
 * Rules:
 * - `anchor`: every `#fragment` link points at a heading of the page (ids as
 *   Hugo's GitHub-style generator makes them: `file`, then `file-1`).
 * - `table`: every table row has as many cells as its header.
 * - `front-matter`: the page starts with a closed `---` front matter block.
 */
import GithubSlugger from "github-slugger";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { Root } from "mdast";

export interface LintMessage {
  rule: "anchor" | "table" | "front-matter";
  line: number;
  column: number;
  message: string;
}

export function lintPage(markdown: string): LintMessage[] {
  const messages: LintMessage[] = [];
  const body = stripFrontMatter(markdown, messages);
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body.text) as Root;
  const at = (node: { position?: { start: { line: number; column: number } } }) => ({
    line: (node.position?.start.line ?? 1) + body.lineOffset,
    column: node.position?.start.column ?? 1,
  });

  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  visit(tree, "heading", (h) => {
    ids.add(slugger.slug(toString(h)));
  });

  visit(tree, (node) => {
    if (node.type === "link" || node.type === "definition") {
      const url = node.url;
      if (url.startsWith("#")) {
        const id = safeDecode(url.slice(1));
        if (!ids.has(id)) messages.push({ rule: "anchor", ...at(node), message: `link to #${id} does not match any heading on the page` });
      }
    } else if (node.type === "table") {
      const header = node.children[0];
      const width = header?.children.length ?? 0;
      node.children.forEach((row, i) => {
        if (i > 0 && row.children.length !== width) {
          messages.push({ rule: "table", ...at(row), message: `table row has ${row.children.length} cells, its header has ${width}` });
        }
      });
    }
  });
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

function stripFrontMatter(markdown: string, messages: LintMessage[]): { text: string; lineOffset: number } {
  if (!markdown.startsWith("---\n")) return { text: markdown, lineOffset: 0 };
  const end = markdown.indexOf("\n---\n", 3);
  if (end === -1) {
    messages.push({ rule: "front-matter", line: 1, column: 1, message: "the front matter opened on line 1 is never closed with ---" });
    return { text: markdown, lineOffset: 0 };
  }
  const head = markdown.slice(0, end + 5);
  const lines = head.split("\n").length - 1;
  return { text: markdown.slice(end + 5), lineOffset: lines };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
