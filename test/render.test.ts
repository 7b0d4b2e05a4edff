/**
 * Stage 6, render (scripts/stages/06-render.ts): the Handlebars templates and helpers on a hand-made
 * model, and the Markdown escaping of every context the page writes text in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocgenError } from "../scripts/core/problems.js";
import { mdCode, mdText, yamlScalar } from "../scripts/core/markdown.js";
import type { PageModel } from "../scripts/stages/04-model.js";
import { renderPage } from "../scripts/stages/06-render.js";
import { join, tempDir, writeFiles } from "./helpers.js";

const model: PageModel = {
  schemaFile: "s.json",
  root: { json: "{}", parameters: [], references: [] },
  definitions: [
    {
      name: "A",
      anchor: "a",
      json: '{\n    "type": "object"\n}',
      properties: [],
      fields: [{ name: "x|y", description: "it's <b>x</b> | y", type: "string", required: false }],
      references: [],
      source: { file: "s.json", pointer: "/definitions/A" },
    },
  ],
};
const page = { title: "T", description: "D" };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("render", () => {
  it("uses the page template with the built-in partials, escaping through the helpers", async () => {
    await writeFiles(dir, { "t.md.hbs": "# {{page.title}}\n{{#each definitions}}\n{{> field-table fields=fields}}\n{{/each}}" });
    const out = await renderPage(model, page, join(dir, "t.md.hbs"));
    expect(out).toBe("# T\n| Field | Description |\n| ----- | ----------- |\n| `x`\\|`y` | it's &lt;b&gt;x&lt;/b&gt; \\| y |\n");
  });

  it("lets partials next to the template override the built-in ones", async () => {
    await writeFiles(dir, {
      "t.md.hbs": "{{#each definitions}}{{> field-table fields=fields}}{{/each}}",
      "partials/field-table.hbs": "{{#each fields}}* {{text description}}\n{{/each}}",
    });
    expect(await renderPage(model, page, join(dir, "t.md.hbs"))).toBe("* it's &lt;b&gt;x&lt;/b&gt; \\| y\n");
  });

  it("HTML-escapes a plain {{value}} as a safety net", async () => {
    await writeFiles(dir, { "t.hbs": "{{#each definitions}}{{#each fields}}{{description}}{{/each}}{{/each}}" });
    expect(await renderPage(model, page, join(dir, "t.hbs"))).toBe("it&#x27;s &lt;b&gt;x&lt;/b&gt; | y");
  });

  it("reports a template syntax error with the template file and line", async () => {
    await writeFiles(dir, { "t.hbs": "line one\n{{#each definitions}}\n{{/if}}\n" });
    const err = await renderPage(model, page, join(dir, "t.hbs")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocgenError);
    expect((err as DocgenError).problems[0]).toMatchObject({ file: join(dir, "t.hbs"), line: 2 });
    expect((err as DocgenError).message).toMatch(/template error/);
  });

  it("reports a helper failing at render time against the template, not as a crash", async () => {
    await writeFiles(dir, { "t.hbs": "{{nope 1}}" });
    const err = await renderPage(model, page, join(dir, "t.hbs")).catch((e: unknown) => e);
    expect((err as DocgenError).message).toMatch(/t\.hbs: template error: Missing helper: "nope"/);
  });

  it("reports a missing template", async () => {
    await expect(renderPage(model, page, join(dir, "none.hbs"))).rejects.toThrow(/cannot read the template: no such file/);
  });
});

describe("markdown escaping", () => {
  it("leaves plain prose as written (the seed's descriptions stay byte-identical)", () => {
    for (const s of [
      "SELinux boolean state ('on' or 'off')",
      "is_imds_v2 reports if the IMDS event follows IMDSv1",
      "File mount ID",
      "Hash (sha1) of the BPF program",
    ])
      expect(mdText(s)).toBe(s);
  });

  it("neutralizes table pipes, line breaks, HTML, links, emphasis and shortcodes", () => {
    expect(mdText("a | b\nc\r\nd\u2028e")).toBe("a \\| b c d e");
    expect(mdText("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mdText("[x](javascript:alert(1))")).toBe("\\[x\\](javascript:alert(1))");
    expect(mdText("{{< shortcode >}} {{% x %}}")).toBe("&#123;{&lt; shortcode &gt;}} &#123;{% x %}}");
    expect(mdText("*a* _b_ `c` ~~d~~")).toBe("\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~");
    expect(mdText("# not a heading")).toBe("\\# not a heading");
    expect(mdText("a\u0000b\u001bc")).toBe("abc");
  });

  it("makes code spans that hold any name", () => {
    expect(mdCode("cmd")).toBe("`cmd`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x")).toBe("`` `x ``");
    // A pipe goes between two spans as `\|` in a table, and stays in the span elsewhere (a heading).
    expect(mdCode("a|b")).toBe("`a`\\|`b`");
    expect(mdCode("a|b", { table: false })).toBe("`a|b`");
    // The first brace of a `{{` pair goes between two spans, as an entity: no shortcode, and no "``" run that would merge the spans.
    expect(mdCode("x{{<y")).toBe("`x`&#123;`{<y`");
    expect(mdCode("{{{")).toBe("&#123;&#123;`{`");
  });

  it("quotes YAML scalars only when needed", () => {
    expect(yamlScalar("Cloud Workload Security (CWS) Events")).toBe("Cloud Workload Security (CWS) Events");
    expect(yamlScalar("a: b")).toBe('"a: b"');
    expect(yamlScalar("true")).toBe('"true"');
    expect(yamlScalar("x\n---\ny")).toBe('"x --- y"');
  });
});
