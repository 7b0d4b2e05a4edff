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
 * - `shortcode`: Hugo shortcodes (`{{<`, `{{%`) appear only as whole-line tags,
 *   the way templates write them; one anywhere else came from text that was
 *   not escaped.
 * - `html`: no raw HTML but comments (text must come through the helpers).
 *
 * The body of a paired whole-line shortcode (`{{< code-block … >}}` …
 * `{{< /code-block >}}`) is not Markdown to Hugo: it is handed to the
 * shortcode as is. It is checked for shortcodes, then left out of the parse.
 */
import GithubSlugger from "github-slugger";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { Root } from "mdast";

export interface LintMessage {
  rule: "anchor" | "table" | "front-matter" | "shortcode" | "html";
  line: number;
  column: number;
  message: string;
}

export function lintPage(markdown: string): LintMessage[] {
  const messages: LintMessage[] = [];
  const body = stripFrontMatter(markdown, messages);
  const tree = unified().use(remarkParse).use(remarkGfm).parse(blankShortcodeBodies(body.text, body.lineOffset, messages)) as Root;
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
    } else if (node.type === "html") {
      if (!/^<!--[\s\S]*-->$/.test(node.value.trim())) messages.push({ rule: "html", ...at(node), message: `raw HTML ${JSON.stringify(node.value.slice(0, 40))} on the page` });
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

/** `{{< name … >}}` or `{{% name … %}}` alone on a line; `/name` closes. */
const SHORTCODE_TAG = /^\{\{<\s*(\/?)([\w-]+)(?:\s[^\n]*)?>\}\}\s*$|^\{\{%\s*(\/?)([\w-]+)(?:\s[^\n]*)?%\}\}\s*$/;

/**
 * Reports every `{{<` or `{{%` that is not a whole-line shortcode tag, and
 * replaces the lines between a whole-line `{{< name >}}` and its closing
 * `{{< /name >}}` with empty lines (line numbers stay as they were). The body
 * of a `{{% %}}` pair is Markdown to Hugo, and is parsed.
 */
function blankShortcodeBodies(text: string, lineOffset: number, messages: LintMessage[]): string {
  const lines = text.split("\n");
  const tags = lines.map((line) => {
    const m = SHORTCODE_TAG.exec(line);
    return m ? { angle: m[2] !== undefined, closing: (m[1] ?? m[3]) === "/", name: (m[2] ?? m[4])! } : undefined;
  });
  for (let i = 0; i < lines.length; i++) {
    const tag = tags[i];
    if (!tag) {
      const line = lines[i]!;
      for (const m of line.matchAll(/\{\{[<%]/g)) {
        messages.push({ rule: "shortcode", line: i + 1 + lineOffset, column: m.index + 1, message: `a Hugo shortcode opens here (${JSON.stringify(line.slice(m.index, m.index + 20))}) outside a whole-line tag` });
      }
      continue;
    }
    if (!tag.angle || tag.closing) continue;
    const end = tags.findIndex((t, j) => j > i && t?.angle && t.closing && t.name === tag.name);
    if (end === -1) continue;
    for (let j = i + 1; j < end; j++) {
      for (const m of lines[j]!.matchAll(/\{\{[<%]/g)) {
        messages.push({ rule: "shortcode", line: j + 1 + lineOffset, column: m.index + 1, message: `a Hugo shortcode opens inside the body of {{< ${tag.name} >}} (${JSON.stringify(lines[j]!.slice(m.index, m.index + 20))})` });
      }
      lines[j] = "";
    }
    i = end;
  }
  return lines.join("\n");
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
