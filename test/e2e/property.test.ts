/**
 * Property-based tests (fast-check): random schemas with random names and
 * random, hostile text. Each case either stops with a DocgenError of a known,
 * clean kind, or yields a page that lints clean, shows every name and every
 * description exactly (nothing in them was read as markup), holds the schema
 * in its code blocks, and types that compile: those are gathered and compiled
 * by one real tsc per batch.
 */
import { mkdir, writeFile } from "node:fs/promises";
import fc from "fast-check";
import { toString as mdastText } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { Root, Table } from "mdast";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dereferenceSchema } from "../../scripts/stages/dereference.js";
import { draftTypes, propertyKey } from "../../scripts/stages/emit-types.js";
import { PRETTIER_OPTIONS } from "../../scripts/core/format-ts.js";
import * as prettier from "prettier";
import { loadSchema } from "../../scripts/stages/load.js";
import { indexDefinitions } from "../../scripts/stages/model.js";
import { DocgenError } from "../../scripts/core/problems.js";
import type { PageModel } from "../../scripts/stages/model.js";
import { oneLine, mdCode, mdText } from "../../scripts/core/markdown.js";
import { typeNames } from "../../scripts/core/ts-names.js";
import { lintPage } from "../../scripts/stages/lint/lint.js";
import { HugoIds, headingSourceText } from "../../scripts/core/hugo-anchor.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../scripts/stages/render.js";
import { join, runTsc, tempDir } from "../helpers.js";

/** Each case is built from scratch: the cache would only hide the stages under test. */
const NO_CACHE = { cache: false } as const;

/**
 * Fixed seed: the same cases on every run (a failure prints its seed and path to replay).
 * `PROPERTY_SEED=n PROPERTY_RUNS=m npx vitest run test/e2e/property.test.ts` explores other cases.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_251_124);
/**
 * Random schemas per run (each one a full build); broken schemas and escaping cases scale with it.
 * `npm test` runs a fixed 20 (the same cases every time: a regression set, with the suite's time in
 * mind); `npm run test:long` runs 3,000 with other seeds.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 20);

// ---------- arbitraries ----------

/** Text that means something to Markdown, GFM, HTML, Hugo, Handlebars, YAML, JSDoc or JSON. */
const FRAGMENTS = [
  "|",
  "||",
  "\\|",
  "\\",
  "\\\\",
  "`",
  "``",
  "```",
  "*",
  "_",
  "__",
  "~~",
  "[",
  "]",
  "](",
  "(",
  ")",
  "!",
  "#",
  "## ",
  "- ",
  "+ ",
  "1. ",
  "1) ",
  "> ",
  "---",
  "===",
  "***",
  "<",
  ">",
  "</",
  "<script>",
  "</script>",
  "<img src=x onerror=alert(1)>",
  "<!--",
  "-->",
  "<b>",
  "&",
  "&amp;",
  "&lt;",
  "&#123;",
  "&#x7b;",
  "{",
  "}",
  "{{",
  "}}",
  "{{<",
  "{{%",
  ">}}",
  "%}}",
  "{{</*",
  "*/>}}",
  "{{{",
  "}}}",
  "{{#each x}}",
  "{{/each}}",
  "{{> p}}",
  "{{!--",
  "\\{{",
  "*/",
  "/*",
  "/**",
  "@type",
  "@param",
  "//",
  "javascript:",
  "javascript:alert(1)",
  "[x](javascript:alert(1))",
  "<javascript:alert(1)>",
  "https://example.com",
  "www.example.com",
  "a@example.com",
  "mailto:",
  "[^1]",
  "[1]: /x",
  ":",
  ": ",
  '"',
  "'",
  "---\n",
  "\n",
  "\r\n",
  "\r",
  "\t",
  "    ",
  "  \n",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\u200d",
  "é",
  "e\u0301",
  "ß",
  "İ",
  "ǅ",
  "漢字",
  "🦄",
  "👩‍💻",
  "𝔘",
  "\ud800",
  "\udfff",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "$ref",
  "#/definitions/x",
  "%",
  "%41",
  "~0",
  "~1",
  "/",
];
const fragment = fc.constantFrom(...FRAGMENTS);
const anyChars = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
);
const words = fc.lorem({ maxCount: 3 });
const hostileTexts = new Map<number, fc.Arbitrary<string>>();
/**
 * Hostile text: fragments and random characters of every kind, lone surrogates included. One
 * arbitrary per length, made once: `schemaArb` builds its parts again for every case (`chain`),
 * and a new `fc.lorem` builds its word table again.
 * Arbitraries hold no state, so a seed gives the same cases.
 */
const hostileText = (maxParts = 8): fc.Arbitrary<string> => {
  let text = hostileTexts.get(maxParts);
  if (!text) {
    text = fc
      .array(fc.oneof({ weight: 3, arbitrary: fragment }, { weight: 2, arbitrary: anyChars }, { weight: 1, arbitrary: words }), {
        maxLength: maxParts,
      })
      .map((parts) => parts.join(""));
    hostileTexts.set(maxParts, text);
  }
  return text;
};

/** A lone surrogate: half of a UTF-16 pair, refused in names (the inspect stage says so; see the hostile corpus). */
const hasLoneSurrogate = (n: string) => /[\ud800-\udfff]/.test(n.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
/** Property names: anything at all but a lone surrogate. */
const propName = fc
  .oneof(
    { weight: 3, arbitrary: hostileText(4) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        "valueOf",
        "123",
        "1a",
        "a-b",
        "a b",
        "größe",
        "$ref",
        "id",
        "tsType",
        "",
      ),
    },
  )
  .filter((n) => !hasLoneSurrogate(n));
/** Definition names: mostly something a heading can anchor (a letter somewhere), sometimes not; never a lone surrogate. */
const defName = fc
  .oneof(
    {
      weight: 5,
      arbitrary: fc.tuple(hostileText(3), fc.constantFrom("a", "Z", "é", "漢", "_", "1"), hostileText(2)).map(([a, b, c]) => a + b + c),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("Object", "Record", "Date", "File", "file", "FILE", "file-1", "interface", "__proto__", "!!", "", " "),
    },
  )
  .filter((n) => !hasLoneSurrogate(n));

type Draft = "draft-07" | "2020-12";

/** An object with own keys in order, `__proto__` included, as JSON.parse would make it. */
function obj(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function refTo(draft: Draft, name: string): string {
  const token = name.replace(/~/g, "~0").replace(/\//g, "~1");
  return `#/${draft === "2020-12" ? "$defs" : "definitions"}/${encodeURIComponent(token)}`;
}

/** A random subschema, `depth` levels at most, referring to the given definitions. */
function subschema(draft: Draft, names: string[], depth: number): fc.Arbitrary<unknown> {
  const described = (a: fc.Arbitrary<Record<string, unknown>>) =>
    fc
      .tuple(a, fc.option(hostileText(), { nil: undefined }), fc.option(hostileText(3), { nil: undefined }))
      .map(([s, description, title]) => {
        const out = obj(Object.entries(s));
        if (description !== undefined) out.description = description;
        if (title !== undefined) out.title = title;
        return out;
      });
  const leaves: fc.Arbitrary<unknown>[] = [
    described(fc.constantFrom("string", "integer", "number", "boolean", "null").map((type) => ({ type }))),
    described(fc.constant({ type: ["string", "null"] })),
    described(
      fc
        .uniqueArray(fc.oneof(hostileText(3), fc.integer(), fc.constant(null)), {
          minLength: 1,
          maxLength: 4,
          selector: (v) => JSON.stringify(v),
        })
        .map((values) => ({ enum: values })),
    ),
    described(hostileText(3).map((value) => ({ const: value }))),
    described(fc.constant({ type: "string", format: "date-time" })),
    described(fc.constant({})),
    fc.boolean(),
  ];
  if (names.length > 0) leaves.push(described(fc.constantFrom(...names).map((n) => ({ $ref: refTo(draft, n) }))));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const child = subschema(draft, names, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: objectSchema(draft, names, depth - 1) },
    { weight: 1, arbitrary: described(child.map((items) => ({ type: "array", items }))) },
    {
      weight: 1,
      arbitrary: described(
        fc
          .tuple(fc.constantFrom("anyOf", "oneOf", "allOf"), fc.array(child, { minLength: 1, maxLength: 3 }))
          .map(([k, list]) => ({ [k]: list })),
      ),
    },
    { weight: 1, arbitrary: described(child.map((s) => ({ type: "object", patternProperties: { "^x-": s } }))) },
    {
      weight: 1,
      arbitrary: described(
        fc
          .array(child, { minLength: 1, maxLength: 3 })
          .map((list) =>
            draft === "2020-12"
              ? { type: "array", prefixItems: list, items: false }
              : { type: "array", items: list, additionalItems: false },
          ),
      ),
    },
  );
}

function objectSchema(draft: Draft, names: string[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      props: fc.uniqueArray(fc.tuple(propName, subschema(draft, names, depth), fc.boolean()), { maxLength: 5, selector: ([n]) => n }),
      additional: fc.oneof(fc.constant(undefined), fc.boolean(), subschema(draft, names, 0)),
      description: fc.option(hostileText(), { nil: undefined }),
    })
    .map(({ props, additional, description }) => {
      const s = obj([["type", "object"]]);
      if (description !== undefined) s.description = description;
      s.properties = obj(props.map(([n, sch]) => [n, sch]));
      const required = props.filter(([, , r]) => r).map(([n]) => n);
      if (required.length > 0) s.required = required;
      if (additional !== undefined) s.additionalProperties = additional;
      return s;
    });
}

interface GeneratedSchema {
  draft: Draft;
  text: string;
  value: Record<string, unknown>;
  title: string;
  description: string;
}

const schemaArb: fc.Arbitrary<GeneratedSchema> = fc
  .tuple(fc.constantFrom<Draft>("draft-07", "2020-12"), fc.uniqueArray(defName, { maxLength: 5 }))
  .chain(([draft, names]) =>
    fc.record({
      draft: fc.constant(draft),
      names: fc.constant(names),
      root: objectSchema(draft, names, 2),
      defs: fc.tuple(...names.map(() => fc.oneof(objectSchema(draft, names, 1), subschema(draft, names, 1)))),
      title: hostileText(4),
      description: hostileText(4),
    }),
  )
  .map(({ draft, names, root, defs, title, description }) => {
    const value = obj([
      ["$schema", draft === "2020-12" ? "https://json-schema.org/draft/2020-12/schema" : "http://json-schema.org/draft-07/schema#"],
      ...Object.entries(root),
    ]);
    value[draft === "2020-12" ? "$defs" : "definitions"] = obj(names.map((n, i) => [n, defs[i]]));
    return {
      draft,
      text: JSON.stringify(value, null, 2),
      value: JSON.parse(JSON.stringify(value)) as Record<string, unknown>,
      title,
      description,
    };
  });

// ---------- checks ----------

/** The kinds of refusal a valid random schema may meet; anything else is a bug. */
const EXPECTED_REFUSALS = [
  /has no letter, digit, "-" or "_"/,
  /cycle with no object or array in between/,
  /expand to more than \d+ copies/,
];

function expectCleanError(err: unknown, file: string, allowed: RegExp[] = EXPECTED_REFUSALS): void {
  if (!(err instanceof DocgenError)) throw err;
  for (const p of err.problems) {
    expect(p.file).toBe(file);
    expect(p.message).not.toMatch(/undefined|\[object Object\]|NaN|\n\s+at /);
    expect(
      allowed.some((r) => r.test(p.message)),
      `unexpected refusal: ${p.message}`,
    ).toBe(true);
  }
}

function parse(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
}

/** The text a reader sees in a node. */
function textOf(node: Parameters<typeof mdastText>[0]): string {
  return mdastText(node);
}

/** The page, checked against the schema it came from. */
function checkPage(page: string, g: GeneratedSchema, model: PageModel): void {
  expect(lintPage(page)).toEqual([]);
  // Front matter: the page texts, each on its line, as a plain or a JSON-quoted YAML scalar.
  const front = page.split("\n---\n")[0]!.split("\n");
  // title, description, disable_edit (the default front matter: no kind).
  expect(front).toHaveLength(4);
  expect(front[0]).toBe("---");
  const scalar = (line: string, key: string, text: string) => {
    expect(line.startsWith(`${key}: `)).toBe(true);
    const v = line.slice(key.length + 2);
    if (v.startsWith('"')) expect(JSON.parse(v)).toBe(oneLine(text));
    else expect(v).toBe(text);
  };
  scalar(front[1]!, "title", g.title);
  scalar(front[2]!, "description", g.description);

  // Shortcodes only as the template writes them; the JSON bodies hold the schema, value for value.
  const lines = page.split("\n");
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("{{< code-block ")) {
      expect(lines[i]).not.toMatch(/\{\{[<%]/);
      continue;
    }
    const end = lines.indexOf("{{< /code-block >}}", i);
    const body = lines.slice(i + 1, end).join("\n");
    expect(body).not.toMatch(/\{\{|<|[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    blocks.push(body);
    i = end;
  }
  const { $schema: _s, definitions: _d, $defs: _dd, ...rootRest } = g.value;
  const defs = (g.value.definitions ?? g.value.$defs) as Record<string, unknown>;
  expect(blocks.map((b) => JSON.stringify(JSON.parse(b)))).toEqual([rootRest, ...Object.values(defs)].map((v) => JSON.stringify(v)));

  // Markdown: no HTML but the template's comment, links only to headings of the page or plain URLs shown as they are.
  const body = page.slice(page.indexOf("\n---\n") + 5).replace(/^\{\{< code-block[^\n]*\n[\s\S]*?\n\{\{< \/code-block >\}\}$/gm, "");
  const tree = parse(body);
  const anchors = new Set(model.definitions.map((d) => d.anchor));
  visit(tree, (node) => {
    if (node.type === "html") expect(node.value).toBe("<!-- b -->");
    if (node.type === "image" || node.type === "imageReference" || node.type === "footnoteReference")
      throw new Error(`unexpected ${node.type}`);
    if (node.type === "link") {
      if (node.url.startsWith("#")) expect(anchors.has(decodeURIComponent(node.url.slice(1)))).toBe(true);
      else
        expect(
          /^(https?:\/\/|mailto:)/.test(node.url) && node.url.endsWith(textOf(node).replace(/^(https?:\/\/)/, "")),
          `link ${node.url}`,
        ).toBe(true);
    }
  });
  // Every definition is a heading showing its name, whose id is the anchor links use.
  const headings: string[] = [];
  const sources: string[] = [];
  visit(tree, "heading", (h) => {
    headings.push(textOf(h));
    sources.push(headingSourceText(body.slice(h.position!.start.offset, h.position!.end.offset)));
  });
  expect(headings).toEqual(model.definitions.map((d) => oneLine(d.name)));
  // Hugo makes each id from the heading's source text, in page order.
  const ids = new HugoIds();
  expect(sources.map((h) => ids.next(h))).toEqual(model.definitions.map((d) => d.anchor));
  // Every table keeps its columns, and shows names and descriptions exactly as written (on one line).
  const tables: Table[] = [];
  visit(tree, "table", (t) => void tables.push(t));
  const rows = tables.flatMap((t) => t.children.slice(1).map((r) => r.children.map((c) => textOf(c))));
  const expectedRows = [
    ...model.root.parameters.map((p) => {
      const d = oneLine(p.description).trim();
      const see = p.ref ? [p.ref] : (p.references ?? []);
      return [
        oneLine(p.name),
        p.type,
        see.length > 0 ? `${d ? `${d} ` : ""}Please see ${see.map((r) => oneLine(r.name).trim()).join(", ")}` : d,
      ];
    }),
    ...model.definitions.flatMap((d) => [
      ...d.fields.map((f) => [oneLine(f.name), oneLine(f.description).trim()]),
      ...d.references.map((r) => [oneLine(r.name).trim()]),
    ]),
  ];
  expect(rows).toEqual(expectedRows);
}

// ---------- the properties ----------

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("cws-docgen-prop-");
});
afterAll(() => tmp?.cleanup());

/** Types of every case that produced some, compiled after the runs, in batches. */
const typesToCompile: { name: string; content: string }[] = [];

describe("property: random hostile schemas", () => {
  it(
    "each either stops with a known, clean DocgenError or gives a safe page and types that name everything",
    async () => {
      let n = 0;
      let pages = 0;
      await fc.assert(
        fc.asyncProperty(schemaArb, async (g) => {
          const file = join(tmp.dir, `s${n}.json`);
          const name = `case${n++}`;
          await writeFile(file, g.text);
          let built: Awaited<ReturnType<typeof buildPage>>;
          try {
            built = await buildPage(
              {
                name,
                schema: file,
                template: DEFAULT_TEMPLATE,
                docs: join(tmp.dir, `${name}.md`),
                types: join(tmp.dir, `${name}.ts`),
                rootType: "BackendEvent",
                texts: { title: g.title, description: g.description },
                banner: "b",
              },
              {},
              NO_CACHE,
            );
          } catch (err) {
            expectCleanError(err, file);
            return;
          }
          pages++;
          // Without the cache, a build always has its model and its types.
          const model = built.model!;
          checkPage(built.docs.content, g, model);
          // Every property name of the root and of each definition is a key of the types; each definition has its type.
          const ts = built.types!.content;
          const defs = (g.value.definitions ?? g.value.$defs) as Record<string, Record<string, unknown>>;
          for (const s of [g.value, ...Object.values(defs)]) {
            const props = s && typeof s === "object" ? (s.properties as Record<string, unknown> | undefined) : undefined;
            for (const p of Object.keys(props ?? {}))
              expect(ts, `key ${JSON.stringify(p)}`).toMatch(new RegExp(`^\\s*${escapeRegExp(propertyKey(p))}\\??:(\\s|$)`, "m"));
          }
          for (const t of typeNames(["BackendEvent", ...model.definitions.map((d) => d.name)]))
            expect(ts).toMatch(new RegExp(`^export (interface|type) ${escapeRegExp(t)} `, "m"));
          // The fast formatter's bytes are Prettier's, and json2ts given one definition at a time writes
          // what it writes given all (one case in three: Prettier is slow).
          if (n % 3 === 0) {
            const resolved = await dereferenceSchema(await loadSchema(file));
            const draft = await draftTypes(resolved, indexDefinitions(resolved), {
              rootName: "BackendEvent",
              typesFile: join(tmp.dir, `${name}.ts`),
              definitionsPerCompile: 1,
            });
            expect(draft.finish(await prettier.format(draft.code, PRETTIER_OPTIONS))).toBe(ts);
          }
          typesToCompile.push({ name, content: ts });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // Most random schemas must make it to a page, or the property tests nothing.
      expect(pages).toBeGreaterThan(RUNS * 0.7);
    },
    Math.max(180_000, RUNS * 600),
  );

  it(
    "their types compile under tsc --strict (one tsc run per 150 cases)",
    async () => {
      expect(typesToCompile.length).toBeGreaterThan(RUNS * 0.7);
      for (let start = 0; start < typesToCompile.length; start += 150) {
        const dir = join(tmp.dir, `tsc${start}`);
        await mkdir(dir, { recursive: true });
        const batch = typesToCompile.slice(start, start + 150);
        for (const t of batch) await writeFile(join(dir, `${t.name}.ts`), t.content);
        const r = await runTsc(
          dir,
          batch.map((t) => `${t.name}.ts`),
          { skipLibCheck: true },
        );
        expect(r.stdout + r.stderr).toBe("");
        expect(r.code).toBe(0);
      }
    },
    Math.max(180_000, RUNS * 600),
  );
});

describe("property: broken schemas", () => {
  /** One mistake, at a random place: what the value becomes, and what the message must say. */
  const MISTAKES: { apply: (s: Record<string, unknown>) => void; message: RegExp }[] = [
    {
      apply: (s) => {
        s.type = "strnig";
      },
      message: /"type" must be one of/,
    },
    {
      apply: (s) => {
        s.type = 42;
      },
      message: /"type" must be one of/,
    },
    {
      apply: (s) => {
        s.properties = ["a"];
      },
      message: /"properties" must be an object/,
    },
    {
      apply: (s) => {
        s.required = "a";
      },
      message: /"required" must be an array/,
    },
    {
      apply: (s) => {
        s.minimum = "0";
      },
      message: /"minimum" must be a number/,
    },
    {
      apply: (s) => {
        s.enum = "a";
      },
      message: /"enum" must be an array/,
    },
    {
      apply: (s) => {
        s.items = "string";
      },
      message: /"items" must be/,
    },
    {
      apply: (s) => {
        s.pattern = "([";
      },
      message: /"pattern" is not a valid regular expression/,
    },
    {
      apply: (s) => {
        s.$ref = 7;
      },
      message: /"\$ref" must be a string/,
    },
    {
      apply: (s) => {
        s.$ref = "#/definitions/Nowhere~1at~0all";
      },
      message: /points nowhere/,
    },
    {
      apply: (s) => {
        s.$ref = "https://example.com/x.json";
      },
      message: /remote references are refused/,
    },
    {
      apply: (s) => {
        s.$ref = "../../etc/passwd";
      },
      message: /outside the schema's folder/,
    },
  ];

  it("each stops with a DocgenError that names the file and the place of the mistake, without a stack", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(schemaArb, fc.nat(), fc.nat({ max: MISTAKES.length - 1 }), async (g, where, which) => {
        // The subschemas that are objects, with their pointers.
        const spots: { schema: Record<string, unknown>; pointer: string }[] = [];
        const walk = (s: unknown, pointer: string) => {
          if (!s || typeof s !== "object" || Array.isArray(s)) return;
          const o = s as Record<string, unknown>;
          spots.push({ schema: o, pointer });
          for (const k of ["properties", "definitions", "$defs", "patternProperties"]) {
            const m = o[k];
            if (m && typeof m === "object" && !Array.isArray(m))
              for (const name of Object.keys(m))
                walk((m as Record<string, unknown>)[name], `${pointer}/${k}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
          }
          for (const k of ["anyOf", "oneOf", "allOf", "prefixItems"])
            if (Array.isArray(o[k]))
              (o[k] as unknown[]).forEach((x, i) => {
                walk(x, `${pointer}/${k}/${i}`);
              });
          if (o.items && typeof o.items === "object") walk(o.items, `${pointer}/items`);
        };
        walk(g.value, "");
        const spot = spots[where % spots.length]!;
        for (const k of Object.keys(spot.schema)) if (k !== "$schema" && k !== "definitions" && k !== "$defs") delete spot.schema[k];
        const mistake = MISTAKES[which]!;
        mistake.apply(spot.schema);
        const file = join(tmp.dir, "broken", `b${n++}.json`);
        await mkdir(join(tmp.dir, "broken"), { recursive: true });
        await writeFile(file, JSON.stringify(g.value, null, 2));
        const err = await buildPage(
          {
            name: "b",
            schema: file,
            template: DEFAULT_TEMPLATE,
            docs: join(tmp.dir, "b.md"),
            types: join(tmp.dir, "b.ts"),
            rootType: "BackendEvent",
            texts: { title: "t", description: "d" },
            banner: "b",
          },
          {},
          NO_CACHE,
        ).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DocgenError);
        const problems = (err as DocgenError).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.file).toBe(file);
          expect(p.message).not.toMatch(/undefined|\[object Object\]|NaN|\n\s+at /);
          expect(p.pointer !== undefined || p.line !== undefined).toBe(true);
        }
        const here = problems.filter(
          (p) => p.pointer !== undefined && (p.pointer === spot.pointer || p.pointer.startsWith(`${spot.pointer}/`)),
        );
        expect(
          here.some((p) => mistake.message.test(p.message) && p.line !== undefined),
          `${(err as Error).message}\n(expected at ${spot.pointer || "/"})`,
        ).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1, endOnFailure: true },
    );
  });
});

describe("property: the escaping helpers, on their own", () => {
  it("text and names in a table row, and a name in a heading, come out exactly, in their cells, with nothing opened", () => {
    fc.assert(
      fc.property(hostileText(10), hostileText(5), (text, name) => {
        const md = `## ${mdCode(name, { table: false })}\n\n| a | b | c |\n| - | - | - |\n| ${mdCode(name)} | ${mdText(text)} | end |\n`;
        expect(md).not.toMatch(/\{\{[<%]/);
        const tree = parse(md);
        expect(tree.children.map((c) => c.type)).toEqual(["heading", "table"]);
        const [heading, table] = tree.children as [Root["children"][number], Table];
        expect(textOf(heading)).toBe(oneLine(name));
        expect(table.children[1]!.children.map((c) => textOf(c))).toEqual([oneLine(name), oneLine(text).trim(), "end"]);
        visit(tree, (node) => {
          expect(["html", "image", "imageReference", "linkReference", "footnoteReference", "definition", "break"]).not.toContain(node.type);
          if (node.type === "link") expect(node.url).toMatch(/^(https?:\/\/|mailto:)/);
        });
      }),
      // Found by earlier runs: a name between spaces whose only other character is a BOM; a www. after "_" or "(" (GFM links it).
      {
        numRuns: RUNS * 3,
        seed: SEED + 2,
        examples: [
          ["text", "    \ufeff "],
          ["a_www.example.com{{<x", "n"],
          ["(www.x.org", "n"],
        ],
      },
    );
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
