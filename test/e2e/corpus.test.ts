/**
 * Snapshot tests on four real later generations of the CWS schema (draft 2020-12,
 * `$defs` before `properties`, descriptions on definitions and on the root,
 * top-level `required`, array definitions, definitions without properties,
 * `items: true`, `additionalProperties` holding a schema, Linux and Windows).
 *
 * Each one is rendered with the default template and compared byte for byte with
 * the page and types checked in under test/fixtures/corpus/expected/, which were
 * read and judged correct. Besides the snapshots, each page is checked against the
 * schema itself, so that a snapshot cannot silently accept a wrong page.
 *
 * After an intended change: `npx vitest run test/e2e/corpus.test.ts -u` (vitest file
 * snapshots), then read the diff (`git diff test/fixtures/corpus/expected`) before
 * committing it. Without `-u` a missing or different snapshot fails; nothing is
 * written (vitest.config.ts: `update: "none"`).
 */
import { readFile, writeFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import type { PageConfig } from "../../scripts/config/config.js";
import { lintPage } from "../../scripts/stages/lint/lint.js";
import { buildPage, type BuiltPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../scripts/stages/render.js";
import type { CorpusSchema } from "../../scripts/dev/corpus.js";
import { FIXTURES, corpusSchemaFile, cp, datadogPage, join, runTsc, tempDir, CORPUS_SCHEMAS, tscErrorLinesOnlyIn } from "../helpers.js";

const CORPUS = join(FIXTURES, "corpus");
const EXPECTED = join(CORPUS, "expected");

type Json = Record<string, unknown>;

// The schemas under their upstream names, in a folder of their own beside an `expected/` one, as the
// expected files name them (the Linux and Windows schemas are the multi-page example's, kept once).
const { dir: COPY, cleanup: removeCopy } = await tempDir("cws-docgen-corpus-");
afterAll(removeCopy);
for (const name of CORPUS_SCHEMAS) await cp(corpusSchemaFile(name), join(COPY, `${name}.json`));

type FullPage = BuiltPage & Required<Pick<BuiltPage, "model" | "types">>;
const built = new Map<string, Promise<FullPage>>();
function build(name: CorpusSchema): Promise<FullPage> {
  if (!built.has(name)) {
    const config: PageConfig = {
      name,
      schema: join(COPY, `${name}.json`),
      template: DEFAULT_TEMPLATE,
      docs: join(COPY, "expected", `${name}.md`),
      types: join(COPY, "expected", `${name}.ts`),
      ...datadogPage(),
    };
    // Built for real every time (no cache); a corpus page always has its model and its types.
    built.set(
      name,
      buildPage(config, {}, { cache: false }).then((b) => ({ ...b, model: b.model!, types: b.types! })),
    );
  }
  return built.get(name)!;
}

async function schemaOf(name: CorpusSchema): Promise<{ root: Json; defs: [string, Json][] }> {
  const schema = JSON.parse(await readFile(corpusSchemaFile(name), "utf8")) as Json;
  return { root: schema, defs: Object.entries((schema.$defs ?? schema.definitions) as Record<string, Json>) };
}

/** Compares with the checked-in file (vitest's file snapshot: `-u` rewrites it). */
async function matchSnapshot(file: string, actual: string): Promise<void> {
  await expect(actual).toMatchFileSnapshot(file);
}

/** The sections of the page: `## `name`` and what follows, up to the next heading. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^## `([^`]+)`$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!);
  return out;
}

/** The first column (or only column) of the rows of a table with this header, in a section. */
function column(section: string, header: string): string[] {
  const start = section.indexOf(`| ${header} |`);
  if (start === -1) return [];
  const rows = section.slice(start).split("\n").slice(2);
  const out: string[] = [];
  for (const row of rows) {
    if (!row.startsWith("|")) break;
    out.push(row.split(" | ")[0]!.replace(/^\| /, "").replace(/ \|$/, ""));
  }
  return out;
}

/** Definition names a schema refers to, once each, in order of first appearance in its text. */
function refsIn(value: unknown): string[] {
  const names = [...JSON.stringify(value).matchAll(/"\$ref":"#\/(?:\$defs|definitions)\/([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set(names)];
}

describe.each(CORPUS_SCHEMAS)("corpus schema %s", (name) => {
  it("renders the page checked in under test/fixtures/corpus/expected/, byte for byte", async () => {
    await matchSnapshot(join(EXPECTED, `${name}.md`), (await build(name)).docs.content);
  });

  it("emits the types checked in under test/fixtures/corpus/expected/, byte for byte", async () => {
    await matchSnapshot(join(EXPECTED, `${name}.ts`), (await build(name)).types.content);
  });

  it("passes the lint stage and has every definition, in schema order, with its exact JSON", async () => {
    const md = (await build(name)).docs.content;
    const { root, defs } = await schemaOf(name);
    expect(lintPage(md)).toEqual([]);
    expect([...md.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1])).toEqual(defs.map(([n]) => n));
    const blocks = [...md.matchAll(/\{\{< code-block[^>]*>\}\}\n([\s\S]*?)\n\n\{\{< \/code-block >\}\}/g)].map(
      (m) => JSON.parse(m[1]!) as Json,
    );
    const { $schema, $defs, definitions, ...rootShown } = root;
    expect($schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect($defs ?? definitions).toBeDefined();
    expect(blocks[0]).toEqual(rootShown);
    expect(blocks.slice(1)).toEqual(defs.map(([, d]) => d));
    // The root block never repeats the definitions.
    expect(md.slice(0, md.indexOf("\n## ")).match(/"\$defs"|"definitions"|"\$schema"/)).toBeNull();
  });

  it("has, per definition, one row per described property and a references table of every $ref inside it", async () => {
    const section = sections((await build(name)).docs.content);
    for (const [defName, def] of (await schemaOf(name)).defs) {
      const text = section.get(defName)!;
      const props = Object.entries((def.properties ?? {}) as Record<string, Json>);
      expect(column(text, "Field"), defName).toEqual(
        props.filter(([, p]) => typeof p.description === "string" && p.description !== "").map(([n]) => `\`${n}\``),
      );
      expect(column(text, "References"), defName).toEqual(refsIn(def).map((r) => `[${r}](#${r.toLowerCase()})`));
    }
  });

  it("describes every root property in the parameter table, with a link for each $ref", async () => {
    const md = (await build(name)).docs.content;
    const { root } = await schemaOf(name);
    const rows = md.slice(md.indexOf("| Parameter | Type | Description |")).split("\n").slice(2);
    const props = Object.entries(root.properties as Record<string, Json>);
    expect(rows.slice(0, props.length + 1).filter((r) => r.startsWith("|"))).toHaveLength(props.length);
    props.forEach(([prop, p], i) => {
      const row = rows[i]!;
      expect(row.startsWith(`| \`${prop}\` | `), row).toBe(true);
      if (typeof p.$ref === "string") {
        const target = p.$ref.split("/").pop()!;
        expect(row).toBe(`| \`${prop}\` | $ref | Please see [${target}](#${target.toLowerCase()}) |`);
      } else {
        expect(row).toBe(`| \`${prop}\` | ${String(p.type)} |  |`);
      }
    });
  });

  it("exports the root type and one type per definition, in schema order, with each description as JSDoc", async () => {
    const ts = (await build(name)).types.content;
    const { root, defs } = await schemaOf(name);
    expect([...ts.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1])).toEqual(["BackendEvent", ...defs.map(([n]) => n)]);
    for (const [defName, def] of defs) {
      const doc = typeof def.description === "string" ? `/**\n * ${def.description}\n *\n` : "/**\n";
      expect(ts, defName).toContain(
        `${doc} * This interface was referenced by \`BackendEvent\`'s JSON-Schema\n * via the \`definition\` "${defName}".\n */\nexport `,
      );
    }
    if (typeof root.description === "string") expect(ts).toContain(`\n/**\n * ${root.description}\n */\nexport interface BackendEvent {\n`);
    else expect(ts).toContain(" */\n\nexport interface BackendEvent {\n");
  });

  it("gives the template the root's and each definition's description and title", async () => {
    const { model } = await build(name);
    const { root, defs } = await schemaOf(name);
    expect(model.root.description).toBe(root.description);
    expect(model.definitions.map((d) => [d.name, d.description, d.title])).toEqual(defs.map(([n, d]) => [n, d.description, d.title]));
  });
});

describe("corpus types", () => {
  it("compile under tsc --strict, and a consumer of the Linux types type-checks (wrong uses do not)", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const files: string[] = [];
      for (const name of CORPUS_SCHEMAS) {
        await writeFile(join(dir, `${name}.ts`), (await build(name)).types.content);
        files.push(`${name}.ts`);
      }
      await cp(join(CORPUS, "consumer-linux.ts"), join(dir, "consumer-linux.ts"));
      // Beside it, in the same tsc run, a copy without its @ts-expect-error directives: exactly those lines fail, nothing else does.
      const lines = (await readFile(join(dir, "consumer-linux.ts"), "utf8")).split("\n");
      const bare = lines.filter((line) => !/^\s*\/\/ @ts-expect-error/.test(line));
      const expected = bare.flatMap((line, i) => (lines[lines.indexOf(line) - 1]?.includes("// @ts-expect-error") ? [i + 1] : []));
      await writeFile(join(dir, "consumer-linux-bare.ts"), bare.join("\n"));
      const r = await runTsc(dir, [...files, "consumer-linux.ts", "consumer-linux-bare.ts"]);
      const failing = tscErrorLinesOnlyIn(r, "consumer-linux-bare.ts");
      expect(failing).toEqual(expected);
      expect(expected).toHaveLength(5);
    } finally {
      await cleanup();
    }
  });
});
