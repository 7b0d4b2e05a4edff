/**
 * Property test: no schema that is valid JSON Schema ends in an internal error
 * (the CLI's exit 3). Random valid schemas of every draft cws-docgen reads,
 * with every spelling of `$schema`, `$schema` repeated inside subschemas, a root
 * that is only a `$ref`, draft 3's `extends`, boolean schemas, and the keywords
 * of each draft, go through the whole build in memory; each must either build
 * or stop with a DocgenError (the CLI's exit 2). Anything else is exit 3.
 *
 * Fixed seed; `VALID_SEED=n VALID_RUNS=m npx vitest run test/e2e/valid-schemas.property.test.ts` explores others.
 */
import { mkdir, writeFile } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageConfig } from "../../scripts/config/config.js";
import { DocgenError } from "../../scripts/core/problems.js";
import { META_URIS, type Draft } from "../../scripts/core/drafts.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../scripts/stages/render.js";
import { datadogPage, join, tempDir } from "../helpers.js";

const SEED = Number(process.env.VALID_SEED ?? 20_261_201);
// `npm test` runs a fixed 30; `npm run test:long` 3,000.
const RUNS = Number(process.env.VALID_RUNS ?? 30);

const DRAFT_LIST: Draft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/** One of the 8 spellings of the draft's URI. */
const spelling = (d: Draft) =>
  fc
    .tuple(fc.constantFrom("http://", "https://"), fc.constantFrom("", "www."), fc.constantFrom("", "#"))
    .map(([s, w, h]) => `${s}${w}${META_URIS[d].replace(/^https?:\/\//, "")}${h}`);

const names = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom("Event", "File", "ProcessContext", "a", "Date", "Object", "x-y", "é", "id", "$ref", "__proto__"),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/),
  ),
  { minLength: 0, maxLength: 5 },
);
const propName = fc.oneof(
  fc.constantFrom("id", "$schema", "$ref", "type", "properties", "__proto__", "constructor", "a b", "1", ""),
  fc.stringMatching(/^[a-z_]{1,6}$/),
);
const json = fc.jsonValue({ maxDepth: 2 });

interface Ctx {
  draft: Draft;
  defs: string[];
  uri: string;
}

function defsKey(d: Draft): string {
  return d === "2019-09" || d === "2020-12" ? "$defs" : "definitions";
}

/** A valid subschema of the draft, `depth` levels at most. */
function schema(c: Ctx, depth: number): fc.Arbitrary<unknown> {
  const modern = c.draft !== "draft-04";
  const d19 = c.draft === "2019-09" || c.draft === "2020-12";
  const leaves: fc.Arbitrary<unknown>[] = [
    fc.constantFrom("string", "integer", "number", "boolean", "null", "object", "array").map((type) => ({ type })),
    fc.constant({ type: ["string", "null"] }),
    fc.constant({ type: "string", format: "date-time", minLength: 1, maxLength: 40, pattern: "^[a-z]" }),
    fc.constant({}),
    fc.uniqueArray(json, { minLength: 1, maxLength: 4, selector: (v) => JSON.stringify(v) }).map((e) => ({ enum: e })),
    fc.constant(
      c.draft === "draft-04"
        ? { type: "number", minimum: 0, maximum: 10, exclusiveMaximum: true, multipleOf: 0.5 }
        : { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 10 },
    ),
    fc.constant({ description: "no type at all", default: null }),
    fc.constant({ $schema: c.uri, type: "string" }),
  ];
  if (modern)
    leaves.push(
      json.map((v) => ({ const: v })),
      fc.boolean(),
      fc.constant({ examples: [1, "a"], readOnly: true }),
    );
  if (c.defs.length > 0) {
    const ref = fc
      .constantFrom(...c.defs)
      .map((n) => `#/${defsKey(c.draft)}/${encodeURIComponent(n.replace(/~/g, "~0").replace(/\//g, "~1"))}`);
    leaves.push(
      ref.map(($ref) => ({ $ref })),
      ref.map(($ref) => ({ $schema: c.uri, $ref, description: "a ref with siblings" })),
    );
  }
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const child = schema(c, depth - 1);
  const branches: fc.Arbitrary<unknown>[] = [
    leaf,
    object(c, depth - 1),
    child.map((items) => ({ type: "array", items, minItems: 0, maxItems: 3, uniqueItems: true })),
    fc.tuple(fc.constantFrom("anyOf", "oneOf", "allOf"), fc.array(child, { minLength: 1, maxLength: 3 })).map(([k, l]) => ({ [k]: l })),
    child.map((not) => ({ not })),
    child.map((s) => ({ type: "object", patternProperties: { "^x-": s }, additionalProperties: false })),
    child.map((s) => ({ extends: s, type: "object" })),
    fc
      .array(child, { minLength: 1, maxLength: 2 })
      .map((l) => (c.draft === "2020-12" ? { prefixItems: l, items: false } : { items: l, additionalItems: false })),
  ];
  if (modern)
    branches.push(
      child.map((s) => ({ type: "array", contains: s })),
      child.map((s) => ({ type: "object", propertyNames: { maxLength: 5 }, additionalProperties: s })),
    );
  if (c.draft !== "draft-04" && c.draft !== "draft-06")
    branches.push(fc.tuple(child, child).map(([a, b]) => ({ if: a, then: b, else: true })));
  if (d19)
    branches.push(
      fc.tuple(object(c, depth - 1), fc.boolean()).map(([o, u]) => ({ ...o, dependentRequired: {}, unevaluatedProperties: u })),
    );
  return fc.oneof(...branches);
}

function object(c: Ctx, depth: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.uniqueArray(fc.tuple(propName, schema(c, depth), fc.boolean()), { maxLength: 4, selector: ([n]) => n }).map((props) => {
    const out: Record<string, unknown> = { type: "object", properties: Object.fromEntries(props.map(([n, s]) => [n, s])) };
    const required = props.filter(([, , r]) => r).map(([n]) => n);
    // draft-04: "required" must not be empty.
    if (required.length > 0) out.required = required;
    return out;
  });
}

const cases = fc
  .tuple(fc.constantFrom(...DRAFT_LIST), names, fc.constantFrom("declared", "none", "root-ref"))
  .chain(([draft, defs, shape]) =>
    spelling(draft).chain((uri) => {
      const c: Ctx = { draft, defs, uri };
      return fc.tuple(object(c, 2), fc.tuple(...defs.map(() => fc.oneof(object(c, 2), schema(c, 2))))).map(([root, bodies]) => {
        const doc: Record<string, unknown> = {};
        // Without "$schema", a schema is read as 2020-12 when it has $defs and as draft-07 otherwise.
        if (shape !== "none" || !(draft === "draft-07" || draft === "2020-12")) doc.$schema = uri;
        if (shape === "root-ref" && defs.length > 0) doc.$ref = `#/${defsKey(draft)}/${encodeURIComponent(defs[0]!)}`;
        else Object.assign(doc, root);
        if (defs.length > 0) doc[defsKey(draft)] = Object.fromEntries(defs.map((n, i) => [n, bodies[i]]));
        return { draft, doc };
      });
    }),
  );

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe("random valid schemas of every draft", () => {
  it(
    `never end in an internal error (${RUNS} cases, seed ${SEED})`,
    async () => {
      let n = 0;
      const outcomes = { built: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(cases, async ({ doc }) => {
          const sub = join(dir, String(n++));
          await mkdir(sub, { recursive: true });
          await writeFile(join(sub, "schema.json"), JSON.stringify(doc, null, 2));
          const config = {
            name: "p",
            schema: join(sub, "schema.json"),
            template: DEFAULT_TEMPLATE,
            docs: join(sub, "page.md"),
            types: join(sub, "types.ts"),
            validator: join(sub, "types.validator.ts"),
            ...datadogPage(),
          };
          try {
            await buildPage(config satisfies PageConfig, {}, { cache: false });
            outcomes.built++;
          } catch (err) {
            // A DocgenError is the CLI's exit 2, with a clear message; anything else would be exit 3.
            if (!(err instanceof DocgenError)) throw err;
            outcomes.refused++;
            if (process.env.VALID_VERBOSE) console.log("REFUSED", (err as Error).message.slice(0, 300));
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // The generator makes valid schemas: nearly all of them must build, not just avoid exit 3.
      expect(outcomes.built).toBeGreaterThan(RUNS * 0.9);
    },
    Math.max(300_000, RUNS * 2_000),
  );
});
