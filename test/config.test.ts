/**
 * The config (scripts/config/config.ts): pages read from it and the flags over them, every field's
 * checks with the place of each problem, and the precompiled validator that checks its shape.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PAGE_FIELDS, resolvePages } from "../scripts/config/config.js";
import { DocgenError } from "../scripts/core/problems.js";
import { DEFAULT_TEMPLATE } from "../scripts/stages/06-render.js";
import { join, tempDir, writeFiles } from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const page = { name: "backend", schema: "s/b.json", docs: "d/b.md", types: "g/b.ts" };

describe("config", () => {
  it("resolves paths relative to the config file, with defaults for the template and page fields", async () => {
    await writeFiles(dir, { "sub/cws-docgen.config.json": JSON.stringify({ pages: [page] }) });
    const [p] = await resolvePages({ config: "sub/cws-docgen.config.json" }, dir);
    expect(p).toEqual({
      name: "backend",
      schema: join(dir, "sub/s/b.json"),
      docs: join(dir, "sub/d/b.md"),
      types: join(dir, "sub/g/b.ts"),
      template: DEFAULT_TEMPLATE,
      rootType: "BackendEvent",
      // The default front matter: the title, the description and disable_edit, and no `kind` (a page kind to Hugo 0.123 and later).
      page: {
        ...DEFAULT_PAGE_FIELDS,
        frontMatter: { title: DEFAULT_PAGE_FIELDS.title, description: DEFAULT_PAGE_FIELDS.description, disable_edit: true },
      },
      configFile: join(dir, "sub/cws-docgen.config.json"),
    });
    expect(p!.page).toMatchObject({
      title: "Cloud Workload Security (CWS) Events",
      description: "JSON schema documentation of the CWS backend event",
      schemaFilename: "BACKEND_EVENT_JSON_SCHEMA",
    });
  });

  it("takes page fields from the config, each one it does not give from the seed page, and keeps custom fields", async () => {
    const fields = { intro: ["On [Windows][w]:"], links: [{ label: "w", url: "/windows/" }], owner: { team: "cws" } };
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [{ ...page, title: "Win", fields }] }) });
    const [p] = await resolvePages({}, dir);
    expect(p!.page).toEqual({
      ...DEFAULT_PAGE_FIELDS,
      ...fields,
      title: "Win",
      frontMatter: { title: "Win", description: DEFAULT_PAGE_FIELDS.description, disable_edit: true },
    });
  });

  it("validates page fields with line:column: shapes, title inside fields, a link label used twice", async () => {
    const bad = {
      intro: "one paragraph",
      schemaFilename: 'a"b',
      links: [
        { label: "1", url: "has space" },
        { label: "[x]", url: "/" },
      ],
    };
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [{ ...page, fields: bad }] }, null, 2) });
    const err = (await resolvePages({}, dir).catch((e: unknown) => e)) as DocgenError;
    expect(err).toBeInstanceOf(DocgenError);
    expect(err.problems.map((p) => [p.pointer, p.message])).toEqual([
      ["/pages/0/fields/intro", "config must be array"],
      ["/pages/0/fields/schemaFilename", 'config must match pattern "^[A-Za-z0-9._/-]*$"'],
      ["/pages/0/fields/links/0/url", 'config: link url "has space" is not an http(s) URL or a path of the site'],
      ["/pages/0/fields/links/1/label", 'config must match pattern "^[^\\s\\[\\]]([^\\[\\]\\n\\r]*[^\\s\\[\\]])?$"'],
    ]);
    expect(err.problems.every((p) => typeof p.line === "number")).toBe(true);

    const twice = {
      title: "T",
      links: [
        { label: "a", url: "/1" },
        { label: "A", url: "/2" },
      ],
    };
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [{ ...page, fields: twice }] }, null, 2) });
    const err2 = (await resolvePages({}, dir).catch((e: unknown) => e)) as DocgenError;
    expect(err2.problems.map((p) => [p.line, p.pointer, p.message])).toEqual([
      [9, "/pages/0/fields/title", 'config: "title" belongs to the page, not to its "fields"'],
      [16, "/pages/0/fields/links/1/label", 'config: link label "A" is defined twice (Markdown uses the first)'],
    ]);
  });

  it("lets flags override one page, relative to the cwd", async () => {
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [page] }) });
    const [p] = await resolvePages({ schema: "x.json", docsOut: "o/p.md" }, dir);
    expect(p).toMatchObject({ schema: join(dir, "x.json"), docs: join(dir, "o/p.md"), types: join(dir, "g/b.ts") });
  });

  it("reports every config problem with line:column and pointer", async () => {
    await writeFiles(dir, {
      "cws-docgen.config.json": '{\n  "pages": [\n    {"name": "b", "schema": 3, "docs": "d", "types": "t", "colour": "red"}\n  ]\n}',
    });
    const err = (await resolvePages({}, dir).catch((e: unknown) => e)) as DocgenError;
    expect(err).toBeInstanceOf(DocgenError);
    expect(err.problems.map((p) => [p.line, p.pointer, p.message])).toEqual([
      [3, "/pages/0/colour", 'config: unknown key "colour"'],
      [3, "/pages/0/schema", "config must be string"],
    ]);
  });

  it("places an unknown key at the key itself, with the known key it most likely meant at each level", async () => {
    await writeFiles(dir, {
      "cws-docgen.config.json":
        '{\n  "pages": [\n    {"name": "b", "schema": "s", "docs": "d", "types": "t",\n     "roottype": "E", "package": {"dirr": "p", "name": "p", "version": "1.0.0", "zzz": 1}}\n  ],\n  "pagse": []\n}',
    });
    const err = (await resolvePages({}, dir).catch((e: unknown) => e)) as DocgenError;
    expect(err.problems.map((p) => [p.line, p.column, p.pointer, p.message, p.hint])).toEqual([
      [6, 3, "/pagse", 'config: unknown key "pagse"', 'did you mean "pages"?'],
      [4, 6, "/pages/0/roottype", 'config: unknown key "roottype"', 'did you mean "rootType"?'],
      [4, 34, "/pages/0/package", "config must have required property 'dir'", expect.any(String)],
      [4, 35, "/pages/0/package/dirr", 'config: unknown key "dirr"', 'did you mean "dir"?'],
      [
        4,
        81,
        "/pages/0/package/zzz",
        'config: unknown key "zzz"',
        'the keys here are "dir", "name", "version", "description", "keywords", "license", "repository", "engines", "publishConfig"',
      ],
    ]);
  });

  it("suggests the page a mistyped --page or reference most likely meant", async () => {
    const pages = [
      { ...page, name: "linux" },
      { name: "attrs", schema: page.schema, docs: "b.md", reference: "linx" },
    ];
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages }) });
    const err = (await resolvePages({}, dir).catch((e: unknown) => e)) as DocgenError;
    expect(err.problems[0]!.hint).toBe(
      'did you mean "linux"? a reference is another page of this config built from the same schema (the pages are: linux, attrs)',
    );
    pages[1]!.reference = "linux";
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages }) });
    const wrong = (await resolvePages({ page: "linx" }, dir).catch((e: unknown) => e)) as DocgenError;
    expect(wrong.problems[0]!.hint).toBe("did you mean --page linux? the pages are: linux, attrs");
    const far = (await resolvePages({ page: "windows" }, dir).catch((e: unknown) => e)) as DocgenError;
    expect(far.problems[0]!.hint).toBe("the pages are: linux, attrs");
  });

  it("refuses two pages with one name, and flags that would apply to several pages", async () => {
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [page, page] }) });
    await expect(resolvePages({}, dir)).rejects.toThrow(/two pages are named "backend"/);
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify({ pages: [page, { ...page, name: "win" }] }) });
    await expect(resolvePages({ schema: "x.json" }, dir)).rejects.toThrow(/choose one with --page NAME/);
    expect((await resolvePages({ schema: "x.json", page: "win" }, dir))[0]!.schema).toBe(join(dir, "x.json"));
    await expect(resolvePages({ page: "nope" }, dir)).rejects.toThrow(/no page named "nope"/);
  });
});

describe("the precompiled config validator", () => {
  it("is current with the config schema (run `npm run build:config-validator` when this fails)", async () => {
    const { configShapeSource, GENERATED_FILE } = await import("../scripts/dev/build-config-shape.js");
    const { readFile } = await import("node:fs/promises");
    const { ROOT } = await import("./helpers.js");
    expect(await readFile(join(ROOT, GENERATED_FILE), "utf8")).toBe(configShapeSource());
  });

  it("ships config.schema.json, current with the config schema, used by the repository's own config (run `npm run build:config-shape` when this fails)", async () => {
    const { configSchemaJson, SCHEMA_FILE } = await import("../scripts/dev/build-config-shape.js");
    const { readFile } = await import("node:fs/promises");
    const { ROOT } = await import("./helpers.js");
    const text = await readFile(join(ROOT, SCHEMA_FILE), "utf8");
    expect(text).toBe(configSchemaJson());
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["./config.schema.json"]).toBe("./config.schema.json");
    expect(pkg.files).toContain("config.schema.json");
    // Editors check a config against it as Ajv does: the repository's and the examples' configs are valid.
    const { Ajv } = await import("ajv");
    const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(text));
    for (const config of [
      "cws-docgen.config.json",
      "examples/multi-page/cws-docgen.config.json",
      "examples/custom-template/cws-docgen.config.json",
    ]) {
      const value = JSON.parse(await readFile(join(ROOT, config), "utf8"));
      expect(validate(value), `${config}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(value.$schema, config).toMatch(/config\.schema\.json$/);
    }
  });
});
