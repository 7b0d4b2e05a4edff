/**
 * Stage 7, lint (scripts/stages/lint/): links that must hit headings, regular tables, the front
 * matter, line numbers as the page counts them, footnotes read as Hugo reads them, and agreement with
 * a full remark-gfm parse.
 */
import { readdir, readFile } from "node:fs/promises";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import type { Node, Root } from "mdast";
import { visit } from "unist-util-visit";
import { type ChunkFindings, parseChunk, RELREF_SCHEME } from "../../../../scripts/stages/lint/chunk.js";
import { headingSourceText } from "../../../../scripts/core/hugo-anchor.js";
import { safeDecode } from "../../../../scripts/core/schema-walk.js";
import { lintPage } from "../../../../scripts/stages/lint/lint.js";
import { dangerousMessage, dangerousScheme, type DestinationKind } from "../../../../scripts/stages/lint/links.js";
import { FIXTURES, ROOT, join } from "../../../helpers.js";

describe("lint", () => {
  it("accepts a page whose links all hit headings and whose tables are regular", () => {
    expect(lintPage("---\ntitle: x\n---\n\n## `File`\n\n## `file`\n\n| a | b |\n| - | - |\n| [x](#file) | [y](#file-1) |\n")).toEqual([]);
  });

  it("reports a link to a missing anchor with its line and column (counting the front matter)", () => {
    const msgs = lintPage("---\ntitle: x\n---\n\n## `A`\n\nsee [B](#b)\n");
    expect(msgs).toEqual([{ rule: "anchor", line: 7, column: 5, message: "link to #b does not match any heading on the page" }]);
  });

  it("reports table rows with too many or too few cells", () => {
    const msgs = lintPage("| a | b |\n| - | - |\n| 1 | 2 | 3 |\n| 1 |\n| 1 | 2 |\n");
    expect(msgs.map((m) => [m.rule, m.line, m.message])).toEqual([
      ["table", 3, "table row has 3 cells, its header has 2"],
      ["table", 4, "table row has 1 cells, its header has 2"],
    ]);
  });

  it("reports a front matter that is never closed", () => {
    expect(lintPage("---\ntitle: x\n\nbody\n")[0]).toMatchObject({ rule: "front-matter", line: 1 });
  });

  it("reports lines as the page numbers them, after shortcode bodies (each parsed as one empty line)", () => {
    const body = Array.from({ length: 40 }, (_, i) => `  "k${i}": "[x](#in-body) | a | b |",`).join("\n");
    const block = `{{< code-block lang="json" >}}\n${body}\n{{< /code-block >}}`;
    const page = `---\ntitle: x\n---\n\n## \`A\`\n\n${block}\n\nsee [B](#b)\n\n| a | b |\n| - | - |\n| 1 |\n\n## \`C\`\n\n${block}\n${block}\n[D](#d) <i>x</i>\n`;
    const lines = page.split("\n");
    const lineOf = (text: string) => lines.findIndex((l) => l.startsWith(text)) + 1;
    expect(lintPage(page)).toEqual([
      { rule: "anchor", line: lineOf("see [B]"), column: 5, message: "link to #b does not match any heading on the page" },
      { rule: "table", line: lineOf("| 1 |"), column: 1, message: "table row has 1 cells, its header has 2" },
      { rule: "anchor", line: lineOf("[D]"), column: 1, message: "link to #d does not match any heading on the page" },
      { rule: "html", line: lineOf("[D]"), column: 9, message: 'raw HTML "<i>" on the page' },
      { rule: "html", line: lineOf("[D]"), column: 13, message: 'raw HTML "</i>" on the page' },
    ]);
    expect(lineOf("[D]")).toBeGreaterThan(100);
  });

  it("reads a footnote as a footnote, as Hugo does: `[^1]: #x` is not a link to #x", () => {
    expect(lintPage("## `A`\n\nsee[^1] and [B](#b)\n\n[^1]: #nowhere\n").map((m) => m.message)).toEqual([
      "link to #b does not match any heading on the page",
    ]);
  });
});

describe("lint: GFM's tables, footnotes and autolink literals are all it needs of GFM", () => {
  it("finds on every real and hostile page exactly what a full remark-gfm parse finds", async () => {
    const full = unified().use(remarkParse).use(remarkGfm);
    // Every reference page; of the attributes pages (one long table each, 0.1 to 0.3 MB), the seed's and the Windows one.
    const pages = [
      join(ROOT, "docs/backend.md"),
      join(ROOT, "docs/backend-attributes.md"),
      ...(await readdir(join(FIXTURES, "corpus/expected")))
        .filter((f) => f.endsWith(".md") && (!f.endsWith("-attributes.md") || f.startsWith("backend_windows")))
        .map((f) => join(FIXTURES, "corpus/expected", f)),
    ];
    for (const name of await readdir(join(FIXTURES, "hostile"))) {
      const page = join(FIXTURES, "hostile", name, "expected/page.md");
      if (
        await readFile(page).then(
          () => true,
          () => false,
        )
      )
        pages.push(page);
    }
    expect(pages.length).toBeGreaterThan(10);
    // Constructs the two parsers read differently: autolink literals, strikethrough, task lists.
    const extra =
      "www.example.com/#x https://a.b/#y ~~gone~~ [#z](#z)\n\n- [ ] task [t](#t)\n\n| a | b |\n| - | - |\n| www.x.y | ~~1~~ |\n";
    for (const file of pages) {
      const text = `${await readFile(file, "utf8")}\n${extra}`;
      // What the rules see, from micromark's events; and the same read off remark-gfm's syntax tree, in its order.
      expect(placed(parseChunk({ text, lineOffset: 0 })), file).toEqual(treeFindings(full.parse(text) as Root, text));
    }
    // And on constructs the pages rarely hold: each kind of link and destination, HTML in a container and in a
    // table cell, uneven rows, setext headings, a link inside a heading, an image inside a link.
    const constructs = [
      "Title\n=====\n\nSub *title*\n---\n\n## [In](#heading) a heading\n",
      "[a](#x) [b](<#y z>) [c](#caf%C3%A9) [d](#&amp;e) [e](#\\*f) [g](relref:backend.md#g) ![i](#image) [![i](#inner)](#outer)\n",
      "[r][ref] [ref]\n\n[ref]: #defined\n[other]: <#bracketed> 'title'\n",
      "> <div>\n> quoted html\n> </div>\n\n<!-- a comment -->\n\ntext <b>bold</b> and <!-- inline -->\n",
      "| a | b |\n| - | - |\n| <i>x</i> | 2 | 3 |\n<b>y</b> |\n| 1 | 2 |\n\n- | c |\n  | - |\n  | 1 | 2 |\n",
      "see[^1]\n\n[^1]: #nowhere [n](#note)\n",
      "<div>\r\ncrlf\r\n</div>\r\n",
      "[j](javascript:alert(1)) [k](<jav&#97;script:x>) ![t](https://evil.example/t.gif) <https://evil.example> <a@b.example> <vbscript:x>\n",
      "www.evil.example, https://evil.example/a_b) mail@evil.example [x]: javascript:no-definition-here\n\n[y]: data:text/html,x\n[z]: /site/path\n",
      "| [c](https://cell.example) | ![i](DATA:image/png,x) |\n| - | - |\n| www.cell.example | <b>x</b> |\n",
    ].join("\n");
    expect(placed(parseChunk({ text: constructs, lineOffset: 3 }))).toEqual(treeFindings(full.parse(constructs) as Root, constructs, 3));
    expect(parseChunk({ text: constructs, lineOffset: 0 }).destinations.length).toBeGreaterThan(8);
  });
});

/**
 * Findings but autolink literals, which the tree cannot give as Hugo reads them: remark-gfm finds most of
 * them in its text nodes after the parse, in the decoded text (`https&#58;//x.y` is a link there, and to
 * neither micromark nor goldmark, which read the source); test/unit/stages/lint/links.test.ts checks them.
 */
function placed(findings: ChunkFindings): ChunkFindings {
  return { ...findings, destinations: findings.destinations.filter((d) => d.kind !== "literal") };
}

/** The findings of a chunk read off remark's syntax tree (a walk in document order), as lint read them before it read events. */
function treeFindings(tree: Root, text: string, lineOffset = 0): ChunkFindings {
  const findings: ChunkFindings = { headings: [], links: [], pageLinks: [], destinations: [], messages: [] };
  const at = (node: Node) => ({ line: node.position!.start.line + lineOffset, column: node.position!.start.column });
  const destination = (kind: DestinationKind, url: string, node: Node) => {
    const scheme = dangerousScheme(url);
    if (scheme !== undefined) findings.messages.push({ rule: "link", ...at(node), message: dangerousMessage(kind, url, scheme) });
    else findings.destinations.push({ kind, url, ...at(node) });
  };
  visit(tree, (node) => {
    if (node.type === "heading")
      findings.headings.push(headingSourceText(text.slice(node.position!.start.offset, node.position!.end.offset)));
    else if (node.type === "link" || node.type === "definition") {
      // A link's first character says which construct it is: `[` a link, `<` an autolink, else an autolink literal.
      const first = text[node.position?.start.offset ?? -1];
      const kind = node.type === "definition" ? "definition" : first === "[" ? "link" : first === "<" ? "autolink" : "literal";
      if (node.url.startsWith("#")) findings.links.push({ id: safeDecode(node.url.slice(1)), ...at(node) });
      else if (node.url.startsWith(RELREF_SCHEME)) findings.pageLinks.push({ target: node.url.slice(RELREF_SCHEME.length), ...at(node) });
      else if (kind !== "literal") destination(kind, node.url, node);
    } else if (node.type === "image") destination("image", node.url, node);
    else if (node.type === "html") {
      if (!/^<!--[\s\S]*-->$/.test(node.value.trim()))
        findings.messages.push({ rule: "html", ...at(node), message: `raw HTML ${JSON.stringify(node.value.slice(0, 40))} on the page` });
    } else if (node.type === "table") {
      const width = node.children[0]?.children.length ?? 0;
      node.children.forEach((row, i) => {
        if (i > 0 && row.children.length !== width)
          findings.messages.push({
            rule: "table",
            ...at(row),
            message: `table row has ${row.children.length} cells, its header has ${width}`,
          });
      });
    }
  });
  return findings;
}
