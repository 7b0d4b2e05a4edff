/**
 * What templates receive: root parameters whatever their shape, descriptions of
 * the root and of each definition, and page fields from the config.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { lintPage } from "../../../scripts/stages/lint/lint.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { buildModel } from "../../../scripts/stages/model.js";
import { pageFields } from "../../../scripts/config/page-fields.js";
import { DEFAULT_TEMPLATE, renderPage } from "../../../scripts/stages/render.js";
import { DATADOG_TEXTS, FIXTURES, ROOT, datadogFields, join, readFile, tempDir, writeFiles } from "../../helpers.js";

async function model(schema: unknown) {
  return buildModel(await dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(schema))));
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const ROOT_SHAPES = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $defs: { A: { type: "object", description: "The A" }, B: { type: "array", items: { $ref: "#/$defs/A" } } },
  description: "An event",
  properties: {
    plain: { $ref: "#/$defs/A" },
    siblings: { $ref: "#/$defs/A", description: "A with a note" },
    wrapped: { allOf: [{ $ref: "#/$defs/A" }], description: "A, the draft-04 way" },
    either: { oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }, { type: "null" }] },
    list: { items: { $ref: "#/$defs/B" } },
    map: { type: "object", additionalProperties: { $ref: "#/$defs/A" }, description: "A by name" },
    loose: { anyOf: [{ type: "string" }, { type: "integer" }], description: "Text or number" },
    anything: true,
    tagged: { const: "x" },
  },
  required: ["plain"],
};

describe("the root parameter table", () => {
  it("describes every root property, with or without a type, linking the definitions it uses", async () => {
    const md = await renderPage(await model(ROOT_SHAPES), datadogFields(), DEFAULT_TEMPLATE);
    const table = md.slice(md.indexOf("| Parameter |"), md.indexOf("\n## "));
    expect(table).toBe(
      [
        "| Parameter | Type | Description |",
        "| --------- | ---- | ----------- |",
        "| `plain` | $ref | Please see [A](#a) |",
        "| `siblings` | $ref | A with a note Please see [A](#a) |",
        "| `wrapped` | allOf | A, the draft-04 way Please see [A](#a) |",
        "| `either` | oneOf | Please see [A](#a), [B](#b) |",
        "| `list` | array | Please see [B](#b) |",
        "| `map` | object | A by name Please see [A](#a) |",
        "| `loose` | anyOf | Text or number |",
        "| `anything` | any |  |",
        "| `tagged` | const |  |",
        "",
      ].join("\n"),
    );
    expect(lintPage(md)).toEqual([]);
  });

  it("gives each field every definition it uses, and `ref` only for a direct or items reference", async () => {
    const m = await model(ROOT_SHAPES);
    expect(m.root.parameters.map((p) => [p.name, p.ref?.name, p.references?.map((r) => r.name), p.required])).toEqual([
      ["plain", "A", ["A"], true],
      ["siblings", "A", ["A"], false],
      ["wrapped", undefined, ["A"], false],
      ["either", undefined, ["A", "B"], false],
      ["list", "B", ["B"], false],
      ["map", undefined, ["A"], false],
      ["loose", undefined, undefined, false],
      ["anything", undefined, undefined, false],
      ["tagged", undefined, undefined, false],
    ]);
  });
});

describe("descriptions in the template context", () => {
  it("reach a user's template: root.description, each definition's description and title", async () => {
    await writeFiles(dir, {
      "t.hbs":
        "{{text root.description}}\n{{#each definitions}}{{name}}: {{text description}}{{#if title}} ({{text title}}){{/if}}\n{{/each}}",
    });
    const m = await model({
      description: "Root *event*",
      $defs: { A: { description: "The A", title: "Alpha" }, B: {} },
      definitions: { C: { description: "The C" } },
    });
    expect(await renderPage(m, datadogFields(), join(dir, "t.hbs"))).toBe("Root \\*event\\*\nA: The A (Alpha)\nB: \nC: The C\n");
  });

  it("do not change the default layout: a corpus schema with descriptions renders none of them outside the JSON", async () => {
    const schema = JSON.parse(await readFile(join(FIXTURES, "corpus/backend.schema.1bcbcc1160.json"), "utf8"));
    const md = await renderPage(await model(schema), datadogFields(), DEFAULT_TEMPLATE);
    const outsideJson = md.replace(/\{\{< code-block[\s\S]*?\{\{< \/code-block >\}\}/g, "");
    expect(outsideJson).not.toContain("EventSerializer serializes an event to JSON");
    expect(outsideJson).not.toContain("BPFEventSerializer");
  });
});

describe("page fields", () => {
  it("let one template serve two pages: intro, schema file name and links come from the page", async () => {
    const m = await model(ROOT_SHAPES);
    const linux = pageFields(
      { title: "Linux", fields: { intro: ["On [Linux][l]:"], schemaFilename: "LINUX", links: [{ label: "l", url: "/linux" }] } },
      datadogFields(),
    );
    const windows = pageFields(
      { title: "Windows", fields: { intro: ["On [Windows][w]:", "Second paragraph."], links: [{ label: "w", url: "/windows" }] } },
      datadogFields(),
    );
    const a = await renderPage(m, linux, DEFAULT_TEMPLATE);
    const b = await renderPage(m, windows, DEFAULT_TEMPLATE);
    expect(a).toContain('-->\n\nOn [Linux][l]:\n\n\n{{< code-block lang="json" collapsible="true" filename="LINUX" >}}\n');
    expect(b).toContain(
      '-->\n\nOn [Windows][w]:\n\nSecond paragraph.\n\n\n{{< code-block lang="json" collapsible="true" filename="BACKEND_EVENT_JSON_SCHEMA" >}}\n',
    );
    expect(a.endsWith("\n\n[l]: /linux\n")).toBe(true);
    expect(b.endsWith("\n\n[w]: /windows\n")).toBe(true);
    const body = (md: string) => md.slice(md.indexOf("| Parameter |"), md.lastIndexOf("\n["));
    expect(body(a)).toBe(body(b));
  });

  it("default to the texts they are given (here Datadog's), and an empty schemaFilename shows no filename", async () => {
    const m = await model(ROOT_SHAPES);
    const md = await renderPage(m, pageFields({ fields: { schemaFilename: "" } }, datadogFields()), DEFAULT_TEMPLATE);
    for (const p of DATADOG_TEXTS.fields.intro) expect(md).toContain(`\n${p}\n`);
    expect(md).toContain('\n{{< code-block lang="json" collapsible="true" >}}\n{\n    "description": "An event"');
    expect(
      md.endsWith(
        "\n[1]: /security_platform/cloud_workload_security/\n[2]: /security_platform/cloud_workload_security/agent_expressions\n",
      ),
    ).toBe(true);
  });
});

describe("the template context reference (guides/templates.md, generated from the model's types)", () => {
  it("lists exactly the keys templates receive, for every interface", async () => {
    const guide = await readFile(join(ROOT, "guides/templates.md"), "utf8");
    const block = /<!-- generated:template-context -->\n([\s\S]*?)\n<!-- \/generated:template-context -->/.exec(guide)![1]!;
    // Each interface is a heading ### `Name`, then a table whose first column is the key (`root.json` for nested keys).
    const documented = new Map<string, string[]>();
    for (const m of block.matchAll(/^### `(\w+)`\n([\s\S]*?)(?=^### |(?![\s\S]))/gm)) {
      documented.set(
        m[1]!,
        [...m[2]!.matchAll(/^\| `([^`]+)` \|/gm)].map((k) => k[1]!),
      );
    }
    const top = (name: string) => documented.get(name)!.filter((k) => !k.includes("."));
    const nested = (name: string, key: string) =>
      documented
        .get(name)!
        .filter((k) => k.startsWith(`${key}.`))
        .map((k) => k.slice(key.length + 1));
    // A schema that gives every optional key a value.
    const m = await model({
      title: "Root",
      description: "Root description",
      properties: { a: { $ref: "#/$defs/A", description: "a", format: "uri" }, t: { tsType: "string" } },
      $defs: { A: { title: "A", description: "The A", extends: { $ref: "#/$defs/A" }, properties: { b: { type: "string" } } } },
    });
    const def = m.definitions[0]!;
    const field = m.root.parameters[0]!;
    expect(top("TemplateContext")).toEqual(["page", "attributeGroups", "reference"]);
    // The attributes page's context: groups of rows (the index's attributes, each with its link), and the reference page.
    const { attributeGroups } = await import("../../../scripts/stages/render.js");
    const { indexAttributes } = await import("../../../scripts/stages/index-attributes.js");
    const { indexDefinitions } = await import("../../../scripts/stages/model.js");
    const resolved = await dereferenceSchema(
      parseJsonText(
        "/virtual/a.json",
        JSON.stringify({
          $defs: { P: { type: "object", properties: { up: { $ref: "#/$defs/P" }, x: { type: "string" } } } },
          properties: { p: { $ref: "#/$defs/P" } },
        }),
      ),
    );
    const groups = attributeGroups(
      indexAttributes(
        resolved,
        indexDefinitions(resolved),
        buildModel(resolved).definitions.map((d) => d.anchor),
      ),
      true,
    );
    expect(top("AttributeGroup").sort()).toEqual(Object.keys(groups[0]!).sort());
    const rowKeys = new Set(groups[0]!.attributes.flatMap((a) => Object.keys(a)));
    expect([...rowKeys].filter((k) => !documented.get("Attribute")!.includes(k))).toEqual(["link"]);
    expect(top("AttributeRow")).toEqual(["link"]);
    expect(top("ReferencePageContext").sort()).toEqual(["file", "name"]);
    expect(block).toContain("Every key of [`PageModel`](#pagemodel), and:");
    expect(top("PageModel")).toEqual(Object.keys(m));
    expect(nested("PageModel", "root").sort()).toEqual(Object.keys(m.root).sort());
    expect([m.root.ignoredKeywords, def.ignoredKeywords]).toEqual([["tsType"], ["extends"]]);
    expect(top("Definition").sort()).toEqual(Object.keys(def).sort());
    expect(nested("Definition", "source").sort()).toEqual(Object.keys(def.source).sort());
    expect(top("Field").sort()).toEqual(Object.keys(field).sort());
    expect(top("Reference").sort()).toEqual(Object.keys(field.ref!).sort());
    expect(top("PageFields")).toEqual([...Object.keys(datadogFields()), "[field: string]"]);
    expect(top("PageLink").sort()).toEqual(Object.keys(datadogFields().links![0]!).sort());
  });
});
