/**
 * The attributes page (templates/attributes.md.hbs): every attribute path,
 * grouped by top-level attribute, each linked through Hugo's relref to the
 * definition that documents it on the page's reference page. Golden pages for
 * the seed schema, the corpus schemas and a hostile schema (vitest file
 * snapshots: `-u` rewrites them; read the diff before committing), the links
 * checked against the reference page as rendered, the lint rule, the lazy
 * index, and the config's `reference` field through the command line's runs
 * in this process.
 */
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PageConfig, resolvePages } from "../../scripts/config/config.js";
import { HugoIds, headingSourceText } from "../../scripts/core/hugo-anchor.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE, renderPage } from "../../scripts/stages/render.js";
import { lintPage } from "../../scripts/stages/lint/lint.js";
import { buildModel } from "../../scripts/stages/model.js";
import { dereferenceSchema } from "../../scripts/stages/dereference.js";
import { parseJsonText } from "../../scripts/core/json-text.js";
import {
  FIXTURES,
  ROOT,
  copyProject,
  datadogFields,
  datadogPage,
  join,
  runInProcess,
  tempDir,
  writeFiles,
  CORPUS_SCHEMAS,
  corpusSchemaFile,
} from "../helpers.js";

const ATTRIBUTES_TEMPLATE = join(ROOT, "templates/attributes.md.hbs");
const CORPUS = join(FIXTURES, "corpus");

/** The ids Hugo gives the headings of a page (ATX headings outside code blocks and shortcode bodies). */
function headingIds(markdown: string): Set<string> {
  const ids = new HugoIds();
  const out = new Set<string>();
  let inBlock = false;
  for (const line of markdown.split("\n")) {
    if (/^\{\{< code-block/.test(line)) inBlock = true;
    else if (/^\{\{< \/code-block/.test(line)) inBlock = false;
    else if (!inBlock && /^#{1,6} /.test(line)) out.add(ids.next(headingSourceText(line)));
  }
  return out;
}

/** Every relref link of a page: its text, file and id. */
function relrefLinks(markdown: string): { text: string; file: string; id: string }[] {
  return [...markdown.matchAll(/\[([^\]]*)\]\(\{\{< relref "([^"#]*)#([^"]*)" >\}\}\)/g)].map((m) => ({
    text: m[1]!,
    file: m[2]!,
    id: m[3]!,
  }));
}

/** A pair of pages from one schema: the reference page (default template) and its attributes page. */
function pair(schema: string, dir: string, name: string, intro?: string[]): { reference: PageConfig; attributes: PageConfig } {
  const reference: PageConfig = {
    name,
    schema,
    template: DEFAULT_TEMPLATE,
    docs: join(dir, `${name}.md`),
    types: join(dir, `${name}.ts`),
    ...datadogPage(intro ? { intro } : {}),
  };
  const own = datadogPage({ intro: ["Every attribute, by path."] });
  const attributes: PageConfig = {
    name: `${name}-attributes`,
    schema,
    template: ATTRIBUTES_TEMPLATE,
    docs: join(dir, `${name}-attributes.md`),
    types: reference.types,
    sharedTypes: true,
    ...own,
    texts: { ...own.texts, title: `${name} attributes` },
    reference: { name, docs: reference.docs, file: `${name}.md`, texts: reference.texts },
  };
  return { reference, attributes };
}

/** Each link lands on a heading of the reference page that shows the link's text. */
function expectLinksLand(attributesPage: string, referencePage: string, file: string): number {
  const ids = headingIds(referencePage);
  const links = relrefLinks(attributesPage);
  for (const link of links) {
    expect(link.file).toBe(file);
    expect(ids.has(link.id), `#${link.id}`).toBe(true);
  }
  return links.length;
}

describe("the seed schema's attributes page (docs/backend-attributes.md)", () => {
  it("is the committed page and its snapshot, and links only to headings of docs/backend.md", async () => {
    const pages = await resolvePages({}, ROOT);
    const page = pages.find((p) => p.name === "backend-attributes")!;
    expect(page.reference?.name).toBe("backend");
    expect(page.reference?.file).toBe("backend.md");
    const built = await buildPage(page, {}, { cache: false });
    // It shares the backend page's types: it emits none of its own.
    expect([built.types, built.validator, built.attributes, built.package]).toEqual([undefined, undefined, undefined, undefined]);
    expect(built.docs.content).toBe(await readFile(join(ROOT, "docs/backend-attributes.md"), "utf8"));
    await expect(built.docs.content).toMatchFileSnapshot(join(FIXTURES, "seed/backend-attributes.md"));
    const reference = await readFile(join(ROOT, "docs/backend.md"), "utf8");
    expect(expectLinksLand(built.docs.content, reference, "backend.md")).toBeGreaterThan(200);
    // Grouped by top-level attribute: one heading per root property, in schema order.
    const schema = JSON.parse(await readFile(join(ROOT, "schema/backend.schema.json"), "utf8")) as { properties: object };
    expect([...built.docs.content.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1])).toEqual(Object.keys(schema.properties));
  });
});

describe.each(CORPUS_SCHEMAS)("corpus schema %s: its attributes page", (name) => {
  it("is the snapshot, lints clean, and links to headings of its reference page", async () => {
    const { reference, attributes } = pair(corpusSchemaFile(name), join(CORPUS, "expected"), name);
    const built = await buildPage(attributes, {}, { cache: false });
    await expect(built.docs.content).toMatchFileSnapshot(join(CORPUS, "expected", `${name}-attributes.md`));
    const referencePage = (await buildPage(reference, {}, { cache: false, types: false })).docs.content;
    expect(referencePage).toBe(await readFile(join(CORPUS, "expected", `${name}.md`), "utf8"));
    expect(expectLinksLand(built.docs.content, referencePage, `${name}.md`)).toBeGreaterThan(50);
  });
});

describe("composition on the attributes page", () => {
  it("marks each path a branch gives with its branches, so that two branches' paths are told apart", async () => {
    const { reference, attributes } = pair(join(FIXTURES, "attributes/hostile.schema.json"), join(FIXTURES, "attributes"), "branches");
    const built = await buildPage(attributes, {}, { cache: false });
    const rows = built.docs.content.split("\n").filter((l) => l.startsWith("| `choice"));
    expect(rows.map((r) => r.split(" | ")[0])).toEqual([
      "| `choice`",
      "| `choice.left` (choice: oneOf\\[0\\])",
      "| `choice.right[][]` (choice: oneOf\\[1\\])",
    ]);
    const referenceBuilt = await buildPage(reference, {}, { cache: false, types: false });
    expect(
      lintPage(built.docs.content, {
        reference: { name: "branches", file: "branches.md", ids: [...headingIds(referenceBuilt.docs.content)] },
      }),
    ).toEqual([]);
  });
});

describe("hostile schema text on the attributes page", () => {
  const dir = join(FIXTURES, "attributes-page/expected");
  it("stays inert: escaped names and descriptions, regular table rows, only relref shortcodes, and links that land", async () => {
    const { reference, attributes } = pair(join(FIXTURES, "attributes-page/hostile.schema.json"), dir, "hostile");
    const built = await buildPage(attributes, {}, { cache: false });
    const referenceBuilt = await buildPage(reference, {}, { cache: false, types: false });
    await expect(built.docs.content).toMatchFileSnapshot(join(dir, "hostile-attributes.md"));
    await expect(referenceBuilt.docs.content).toMatchFileSnapshot(join(dir, "hostile.md"));
    const md = built.docs.content;
    expect(lintPage(md, { reference: { name: "hostile", file: "hostile.md", ids: [...headingIds(referenceBuilt.docs.content)] } })).toEqual(
      [],
    );
    expect(expectLinksLand(md, referenceBuilt.docs.content, "hostile.md")).toBeGreaterThan(5);
    // No raw HTML, no shortcode but the relref link destinations, no unescaped pipe in a row.
    const body = md.slice(md.indexOf("\n---\n") + 5);
    const outsideCode = body.replace(/(`+)[\s\S]*?\1/g, "");
    expect(body).toContain("`<em>top</em>`");
    expect(outsideCode).not.toMatch(/<(script|img|em|b)\b/);
    expect(outsideCode).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(outsideCode).toContain("\\[link\\](javascript:alert(1))");
    expect(outsideCode).toContain("a \\| b \\|\\| c next line  ## not a heading |");
    expect(body.replace(/\{\{< relref "[^"]*" >\}\}/g, "")).not.toMatch(/\{\{[<%]/);
    for (const row of body.split("\n").filter((l) => l.startsWith("| `")))
      expect(row.replace(/\\\|/g, "").split("|").length - 1, row).toBe(6);
  });
});

describe("lint: links to the reference page", () => {
  const reference = { name: "backend", file: "backend.md", ids: ["file", "process"] };
  const page = (link: string) => `---\ntitle: x\n---\n\n| a | b |\n| - | - |\n| x | [File](${link}) |\n`;
  it("accepts a relref to a heading the reference page has, or to the page itself", () => {
    expect(lintPage(page('{{< relref "backend.md#file" >}}'), { reference })).toEqual([]);
    expect(lintPage(page('{{< relref "backend.md" >}}'), { reference })).toEqual([]);
  });
  it("refuses an id the reference page does not have, another file, or a page without a reference", () => {
    expect(lintPage(page('{{< relref "backend.md#nope" >}}'), { reference })).toEqual([
      {
        rule: "anchor",
        line: 7,
        column: 7,
        message: "link to backend.md#nope does not match any heading on the reference page (backend)",
      },
    ]);
    expect(lintPage(page('{{< relref "other.md#file" >}}'), { reference })[0]?.message).toMatch(/go to the reference page, "backend.md"/);
    expect(lintPage(page('{{< relref "backend.md#file" >}}'))[0]?.message).toMatch(/the page has no reference page/);
  });
  it("still refuses any other shortcode inside a line", () => {
    expect(lintPage(page('{{< ref "backend.md#file" >}}'), { reference }).map((m) => m.rule)).toContain("shortcode");
    expect(lintPage(`${page("#x")}\nsee {{< relref "backend.md#file" >}} as text\n`, { reference }).map((m) => m.rule)).toContain(
      "shortcode",
    );
  });
});

describe("the template context's attribute groups", () => {
  const schema = { type: "object", properties: { a: { type: "object", properties: { b: { type: "string" } } } } };
  const model = async () => buildModel(await dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(schema))));
  it("are computed only by a template that reads them", async () => {
    let calls = 0;
    const attributes = () => {
      calls++;
      throw new Error("the index was computed");
    };
    await renderPage(await model(), datadogFields(), DEFAULT_TEMPLATE, { attributes });
    expect(calls).toBe(0);
    await expect(renderPage(await model(), datadogFields(), ATTRIBUTES_TEMPLATE, { attributes })).rejects.toThrow(/the index was computed/);
    expect(calls).toBe(1);
  });
  it("without a reference page, show the paths with no links, and the relref helper refuses", async () => {
    const { indexAttributes } = await import("../../scripts/stages/index-attributes.js");
    const resolved = await dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(schema)));
    const m = buildModel(resolved);
    const { indexDefinitions } = await import("../../scripts/stages/model.js");
    const md = await renderPage(m, datadogFields({ intro: [] }), ATTRIBUTES_TEMPLATE, {
      attributes: () =>
        indexAttributes(
          resolved,
          indexDefinitions(resolved),
          m.definitions.map((d) => d.anchor),
        ),
    });
    expect(md).toContain("| `a.b` | string | no |  |  |\n");
    const { dir, cleanup } = await tempDir();
    try {
      await writeFiles(dir, { "t.md.hbs": "{{relref 'x'}}\n" });
      await expect(renderPage(m, datadogFields(), join(dir, "t.md.hbs"))).rejects.toThrow(/this page has none/);
    } finally {
      await cleanup();
    }
  });
});

describe("the config's reference (the command line)", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    await copyProject(dir);
    // copyProject leaves the attributes page out: put this repository's back.
    const own = JSON.parse(await readFile(join(ROOT, "cws-docgen.config.json"), "utf8")) as { pages: { name: string }[] };
    const copy = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8")) as { pages: unknown[] };
    copy.pages.push(own.pages.find((p) => p.name === "backend-attributes"));
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify(copy, null, 2) });
  });
  afterEach(() => cleanup());

  const withAttributesPage = async (extra: Record<string, unknown>, change: (pages: Record<string, unknown>[]) => void = () => {}) => {
    const file = join(dir, "cws-docgen.config.json");
    const config = JSON.parse(await readFile(file, "utf8")) as { pages: Record<string, unknown>[] };
    config.pages = config.pages.map((p) => (p.name === "backend-attributes" ? { ...p, ...extra } : p));
    change(config.pages);
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify(config, null, 2) });
  };

  it("generate writes the attributes page beside the reference page, and no second copy of the types", async () => {
    const r = await runInProcess(["generate", "--page", "backend-attributes", "--no-cache"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // The copy has no attributes page yet: it is written, and it is the committed one.
    expect(r.stdout).toBe("wrote docs/backend-attributes.md\n");
    expect(await readFile(join(dir, "docs/backend-attributes.md"), "utf8")).toBe(
      await readFile(join(ROOT, "docs/backend-attributes.md"), "utf8"),
    );
  });

  it.each([
    [{ reference: "nope" }, /pages\/1\/reference.*the reference of page "backend-attributes", "nope", is no page of this config/],
    [{ reference: "backend-attributes" }, /page "backend-attributes" is its own reference/],
    [
      { schema: "schema/other.json" },
      /page "backend-attributes" is built from schema\/other.json and its reference "backend" from schema\/backend.schema.json/,
    ],
    [{ reference: undefined }, /page "backend-attributes" has no "types" and no "reference"/],
  ])("refuses %j with one clear line, exit 2", async (extra, message) => {
    await withAttributesPage(extra);
    const r = await runInProcess(["check", "--no-cache"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("refuses a page without types that has a validator of its own", async () => {
    await withAttributesPage({ validator: "x.ts" });
    const r = await runInProcess(["check", "--no-cache"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/types/);
  });
});
