/**
 * Property-based tests of stage 5, attributes (fast-check): random schemas with
 * random definitions, `$ref`s between them (cycles included, and `#`), objects,
 * arrays (tuples too), `additionalProperties`/`patternProperties`/
 * `unevaluatedProperties`, compositions, `dependentSchemas` and boolean schemas. For each:
 *
 * (a) the stage ends, and every recursive mark points back to a path above it;
 * (b) every attribute's source (file + pointer) is a schema in the loaded files;
 * (c) no two attributes have the same segments and branches, each branch with
 *     the level it applied at; nor the same marked path and branches as printed
 *     (a literal `a.b`, `*` or `x[]` is quoted), wildcards told apart by pattern;
 * (d) the attributes are exactly the ones an independent walker finds: every
 *     property, pattern and `additionalProperties` schema reachable from the root
 *     by a path that enters no `$ref` target twice;
 * (e) two runs give the same list;
 * (f) with the cap at their number they are all listed, and one fewer is refused.
 *
 * Fixed seed, `ATTRIBUTES_RUNS` cases (default 120, about a second);
 * `ATTRIBUTES_SEED=n ATTRIBUTES_RUNS=m npx vitest run test/unit/stages/index-attributes.property.test.ts`
 * explores others, and `npm run test:long` runs 3,000.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepSyntheticSchema } from "../../../scripts/dev/synthetic.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { DocgenError, EXIT, errorReport } from "../../../scripts/core/problems.js";
import { getAtPointer, isObject, type JsonObject } from "../../../scripts/core/schema-walk.js";
import { dereferenceSchema, type ResolvedSchema } from "../../../scripts/stages/dereference.js";
import { indexDefinitions, pageAnchors } from "../../../scripts/stages/model.js";
import { type Attribute, type AttributeOptions, indexAttributes, pathText } from "../../../scripts/stages/index-attributes.js";

const SEED = Number(process.env.ATTRIBUTES_SEED ?? 20_261_201);
const RUNS = Number(process.env.ATTRIBUTES_RUNS ?? 120);

const DEFINITIONS = 4;
/** Names that a dotted path would confuse, that JavaScript treats apart, or that sort as integers. */
const NAMES = ["a", "b", "c", "a.b", "*", "x[]", "__proto__", "constructor", "1", "10", "é"];
const REFS = [...Array.from({ length: DEFINITIONS }, (_, i) => `#/definitions/D${i}`), "#"];

// ---------- arbitraries ----------

type Schema = JsonObject | boolean;

/** An object from entries, `__proto__` included as an own key (as JSON.parse makes it). */
const objectOf = (entries: [string, unknown][]): JsonObject => Object.fromEntries(entries);

const schemas = fc.letrec<{ node: Schema; object: JsonObject; array: JsonObject; composition: JsonObject }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 5 },
    fc.constantFrom<Schema>({ type: "string" }, { type: "integer", description: "n" }, { enum: [1, "x"] }, {}, true, false),
    fc.record({ $ref: fc.constantFrom(...REFS), description: fc.constant("via") }, { requiredKeys: ["$ref"] }),
    tie("object"),
    tie("array"),
    tie("composition"),
  ),
  object: fc
    .record(
      {
        type: fc.constant("object"),
        properties: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), tie("node")), { selector: (t) => t[0], maxLength: 3 }),
        required: fc.subarray(NAMES, { maxLength: 3 }),
        additionalProperties: fc.oneof(fc.boolean(), tie("node")),
        patternProperties: fc.uniqueArray(fc.tuple(fc.constantFrom("^p", "^q"), tie("node")), { selector: (t) => t[0], maxLength: 2 }),
        unevaluatedProperties: fc.oneof(fc.boolean(), tie("node")),
        dependentSchemas: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), tie("node")), { selector: (t) => t[0], maxLength: 2 }),
      },
      { requiredKeys: ["properties"] },
    )
    .map(({ properties, patternProperties, dependentSchemas, ...rest }) => ({
      ...rest,
      properties: objectOf(properties),
      ...(patternProperties ? { patternProperties: objectOf(patternProperties) } : {}),
      ...(dependentSchemas ? { dependentSchemas: objectOf(dependentSchemas) } : {}),
    })),
  array: fc.oneof(
    fc.record({ type: fc.constant("array"), items: tie("node"), minItems: fc.constantFrom(0, 1) }, { requiredKeys: ["type", "items"] }),
    fc.record({ type: fc.constant("array"), items: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ type: fc.constant("array"), prefixItems: fc.array(tie("node"), { maxLength: 2 }), items: tie("node") }),
    fc.constantFrom<JsonObject>({ type: "array" }, { type: "array", items: true }, { type: "array", items: false }),
  ),
  composition: fc.oneof(
    fc
      .tuple(fc.constantFrom("allOf", "anyOf", "oneOf"), fc.array(tie("node"), { minLength: 1, maxLength: 3 }))
      .map(([k, branches]) => ({ [k]: branches })),
    fc.record({ if: fc.constant({ required: ["a"] }), then: tie("node"), else: tie("node") }, { requiredKeys: ["if"] }),
  ),
}));

/** A root: an object, or only a `$ref` (then its properties are a definition's), over four definitions. */
const rootSchemas = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: schemas.object },
      { weight: 1, arbitrary: fc.constantFrom(...REFS.slice(0, -1)).map(($ref) => ({ $ref })) },
    ),
    fc.array(schemas.node, { minLength: DEFINITIONS, maxLength: DEFINITIONS }),
  )
  .map(([root, defs]) => ({ ...root, definitions: objectOf(defs.map((d, i) => [`D${i}`, d])) }));

// ---------- the stage, and an independent walker ----------

async function resolve(schema: unknown): Promise<ResolvedSchema> {
  return dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(schema)));
}

function run(resolved: ResolvedSchema, options?: AttributeOptions): Attribute[] {
  const index = indexDefinitions(resolved);
  return indexAttributes(resolved, index, pageAnchors(index).definitions, options).attributes;
}

/** An attribute's identity: its steps (a wildcard tagged with its pattern, arrays left out) and its branches, each as `level|label`. */
const keyOf = (names: string[], branches: string[]) => JSON.stringify([names, branches]);
/**
 * An attribute's branches as `level|label`: the number of segments of the value each applies to, and
 * the label without that value's marked path (`process: oneOf[1]` → `1|oneOf[1]`).
 */
const levelled = (a: Attribute): string[] =>
  (a.branches ?? []).map((b) => {
    for (let k = a.segments.length - 1; k >= 1; k--) {
      const prefix = `${pathText(a.segments.slice(0, k), true)}: `;
      if (b.startsWith(prefix)) return `${k}|${b.slice(prefix.length)}`;
    }
    return `0|${b}`;
  });
const stepOf = (s: Attribute["segments"][number]) =>
  s.wildcard ? `*${s.wildcard.pattern === undefined ? "" : `/${s.wildcard.pattern}`}` : `=${s.name}`;

/**
 * The attributes a schema has, found the plain way: follow `$ref`s (a target
 * already entered on the path ends it), go through `type: "array"` by `items`
 * when it is one schema, and list every property, pattern and
 * `additionalProperties` that is not `false`; branches add their label.
 */
function expectedKeys(root: JsonObject): Set<string> {
  const out = new Set<string>();
  const schemaAt = (ref: string): Schema | undefined => getAtPointer(root, decodeURIComponent(ref.slice(1))) as Schema | undefined;
  /** The `$ref` chain from a schema: the schemas met, or undefined when it comes back to one entered. */
  const chain = (schema: Schema, entered: ReadonlySet<string>): { nodes: JsonObject[]; entered: Set<string> } | undefined => {
    const seen = new Set(entered);
    const nodes: JsonObject[] = [];
    let node: Schema | undefined = schema;
    while (isObject(node)) {
      nodes.push(node);
      if (typeof node.$ref !== "string") break;
      if (seen.has(node.$ref)) return undefined;
      seen.add(node.$ref);
      node = schemaAt(node.$ref);
    }
    return { nodes, entered: seen };
  };
  const value = (schema: Schema, names: string[], branches: string[], entered: ReadonlySet<string>): void => {
    let c = chain(schema, entered);
    while (c?.nodes.some((n) => n.type === "array")) {
      const holder = c.nodes.find((n) => "items" in n || "prefixItems" in n);
      if (!holder || "prefixItems" in holder || !(isObject(holder.items) || holder.items === true)) return;
      c = chain(holder.items as Schema, c.entered);
    }
    if (c) object(c.nodes, names, branches, c.entered);
  };
  const object = (nodes: JsonObject[], names: string[], branches: string[], entered: Set<string>): void => {
    const child = (schema: unknown, name: string) => {
      if (schema === false || !(isObject(schema) || schema === true)) return;
      out.add(keyOf([...names, name], branches));
      value(schema as Schema, [...names, name], branches, entered);
    };
    for (const n of nodes) {
      if (isObject(n.properties)) for (const [name, s] of Object.entries(n.properties)) child(s, `=${name}`);
      if (isObject(n.patternProperties)) for (const [p, s] of Object.entries(n.patternProperties)) child(s, `*/${p}`);
      child(n.additionalProperties, "*");
      // Names that an `additionalProperties` evaluated are not left to `unevaluatedProperties`.
      if (!nodes.some((m) => "additionalProperties" in m)) child(n.unevaluatedProperties, "*");
    }
    for (const n of nodes) {
      const branch = (s: unknown, label: string) => {
        const c = isObject(s) ? chain(s, entered) : undefined;
        if (c) object(c.nodes, names, [...branches, `${names.length}|${label}`], c.entered);
      };
      for (const k of ["allOf", "anyOf", "oneOf"])
        if (Array.isArray(n[k]))
          (n[k] as unknown[]).forEach((s, i) => {
            branch(s, `${k}[${i}]`);
          });
      branch(n.then, "then");
      branch(n.else, "else");
      if (isObject(n.dependentSchemas))
        for (const [name, s] of Object.entries(n.dependentSchemas)) branch(s, `dependentSchemas[${JSON.stringify(name)}]`);
    }
  };
  const c = chain(root, new Set(["#"]));
  if (c) object(c.nodes, [], [], c.entered);
  return out;
}

// ---------- the properties ----------

describe("attributes of random schemas", () => {
  it(`(a)–(f) on ${RUNS} schemas`, async () => {
    let attributesSeen = 0;
    let recursiveSeen = 0;
    let branchesSeen = 0;
    await fc.assert(
      fc.asyncProperty(rootSchemas, async (schema) => {
        const resolved = await resolve(schema);
        const attributes = run(resolved);
        attributesSeen += attributes.length;
        // (a) it ended; a recursive mark names a path above it (or its own, for a `$ref` chain that loops: D → D).
        for (const a of attributes)
          if (a.recursive) {
            recursiveSeen++;
            expect(
              a.recursive.at === "" || a.path === a.recursive.at || a.path.startsWith(`${a.recursive.at}.`),
              `${a.path} comes back to ${a.recursive.at}`,
            ).toBe(true);
          }
        // (a) no path enters one definition twice: up the chain of its parents (each the nearest one before
        // it, one segment shorter, whose branches begin its own), no definition comes back, but in a recursive mark.
        attributes.forEach((a, i) => {
          const seen: string[] = [];
          let child = a;
          for (let j = i - 1; j >= 0 && child.segments.length > 1; j--) {
            const p = attributes[j]!;
            const branches = p.branches ?? [];
            if (
              p.segments.length === child.segments.length - 1 &&
              JSON.stringify(p.segments.map(stepOf)) === JSON.stringify(child.segments.slice(0, -1).map(stepOf)) &&
              branches.every((b, k) => child.branches?.[k] === b)
            ) {
              if (p.definition) seen.push(p.definition.name);
              child = p;
            }
          }
          expect(new Set(seen).size, `${a.marked}: ${seen.join(" < ")}`).toBe(seen.length);
          if (a.definition && !a.recursive) expect(seen, a.marked).not.toContain(a.definition.name);
        });
        // (b) every source is a schema (an object or a boolean) in the file.
        for (const a of attributes) {
          expect(a.source.file).toBe("s.json");
          const at = getAtPointer(resolved.root.value, a.source.pointer);
          expect(isObject(at) || at === true, `${a.marked} at ${a.source.pointer}`).toBe(true);
        }
        // (c) no two alike, by their steps, nor as printed.
        const keys = attributes.map((a) => keyOf(a.segments.map(stepOf), levelled(a)));
        expect(new Set(keys).size).toBe(keys.length);
        const printed = attributes.map((a) => JSON.stringify([a.marked, a.branches ?? [], a.segments.map((x) => x.wildcard?.pattern)]));
        expect(new Set(printed).size).toBe(printed.length);
        branchesSeen += attributes.filter((a) => a.branches).length;
        // (d) the same set as the independent walker's.
        expect(new Set(keys)).toEqual(expectedKeys(schema));
        // (e) deterministic: again, from the same resolved schema and from the text again.
        expect(run(resolved)).toEqual(attributes);
        expect(run(await resolve(schema))).toEqual(attributes);
        // (f) the cap: at exactly their number every path is listed, one fewer is refused. The count that
        // refuses a schema before its walk (a lower bound) never refuses one the walk would list.
        expect(run(resolved, { maxAttributes: attributes.length })).toEqual(attributes);
        if (attributes.length > 0) expect(() => run(resolved, { maxAttributes: attributes.length - 1 })).toThrow(DocgenError);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The cases are not all trivial.
    expect(attributesSeen).toBeGreaterThan(RUNS * 3);
    expect(recursiveSeen).toBeGreaterThan(0);
    expect(branchesSeen).toBeGreaterThan(0);
  });
});

describe("the cap", () => {
  it("a deep DAG of shared definitions is refused past maxAttributes: one problem, exit 2, fast", async () => {
    const resolved = await resolve(deepSyntheticSchema(300));
    const started = performance.now();
    const err = (() => {
      try {
        run(resolved, { maxAttributes: 5_000 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(DocgenError);
    const report = errorReport(err);
    expect(report).toBe(
      "cws-docgen: error: /virtual/s.json: the schema gives more than 5,000 attribute paths (definitions shared along long chains multiply them)\n" +
        "  hint: leave the attribute index out of this page's config (no `attributes` file, no attributes template), or share fewer definitions along deep chains\n",
    );
    expect(EXIT.badInput).toBe(2);
    // A hang or a blow-up would take seconds or minutes; 5,000 paths take milliseconds.
    expect(ms).toBeLessThan(5_000);
  });
});
