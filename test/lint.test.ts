import { readdir, readFile } from "node:fs/promises";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { parseChunk } from "../scripts/stages/07-lint/chunk.js";
import { lintPage } from "../scripts/stages/07-lint/lint.js";
import { FIXTURES, ROOT, join } from "./helpers.js";

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

  it("reads a footnote as a footnote, as Hugo does: `[^1]: #x` is not a link to #x", () => {
    expect(lintPage("## `A`\n\nsee[^1] and [B](#b)\n\n[^1]: #nowhere\n").map((m) => m.message)).toEqual([
      "link to #b does not match any heading on the page",
    ]);
  });
});

describe("lint: GFM's tables and footnotes are all it needs of GFM", () => {
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
      const lean = parseChunk({ text, lineOffset: 0 });
      // The same walk over remark-gfm's tree: headings, # links, raw HTML, table widths.
      const tree = full.parse(text);
      const links: string[] = [];
      const tables: number[][] = [];
      const visitAll = (node: { type: string; url?: string; children?: unknown[] }) => {
        if ((node.type === "link" || node.type === "definition") && node.url?.startsWith("#")) links.push(node.url.slice(1));
        if (node.type === "table") tables.push((node.children as { children: unknown[] }[]).map((r) => r.children.length));
        for (const c of node.children ?? []) visitAll(c as never);
      };
      visitAll(tree as never);
      expect(
        lean.links.map((l) => l.id),
        file,
      ).toEqual(links.map((l) => decodeURIComponent(l)));
      expect(lean.messages.filter((m) => m.rule === "table").length, file).toBe(tables.flatMap((t) => t.filter((w) => w !== t[0])).length);
    }
  });
});
