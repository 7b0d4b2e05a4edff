/**
 * Property test of the escaping (fast-check): schemas with comment closers,
 * `</script>`, backticks, `${`, U+2028/2029, placeholder names (raw and
 * `\u`-escaped in the JSON text) and code in every string position: `$id`,
 * `id`, `title`, `description`, property and definition names, `pattern` and
 * `patternProperties` keys, `enum`/`const`/`default`/`examples` values (objects
 * with `__proto__` keys among them) and `format`. Each build either stops with a
 * DocgenError (the CLI's exit 2) or gives modules that:
 * - declare exactly the root type and one type per definition, the root
 *   interface with exactly the schema's properties, and a validator exporting
 *   exactly `validate`, `schema`, `AjvError`, `Validate` (TypeScript's parser);
 * - compile under tsc --strict;
 * - set no global and print nothing when imported and called (test/probe.ts);
 * - accept and reject generated instances as the schema says: as Ajv says when
 *   given the schema object itself, and, independently, every const and enum
 *   value is accepted, and `{}` is not a const object that has keys.
 * Anything else (the verify stage's UnsafeOutputError among them) fails the test.
 *
 * Fixed seed and few runs in `npm test`; `npm run test:long` runs more
 * (SEED=n RUNS=m choose them); INJECTION_DEBUG=1 prints why each refused case was refused.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocgenError } from "../../scripts/core/problems.js";
import { typeNames } from "../../scripts/core/ts-names.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../scripts/stages/render.js";
import { ROOT, join, runTsc, tempDir } from "../helpers.js";
import { probe } from "../probe.js";

const SEED = Number(process.env.INJECTION_SEED || 20_261_201);
// `npm test` runs a fixed 15; `npm run test:long` 1,000.
const RUNS = Number(process.env.INJECTION_RUNS || 15);

// ---------- arbitraries ----------

/** Text that closes or opens something in JS, TS, JSDoc, HTML or cws-docgen's own placeholders, and code to run if it does. */
const ATTACKS = [
  "*/",
  "/*",
  "/**",
  "*/ export const pwned = globalThis.PWNED = 1; /*",
  "*/;globalThis.PWNED=1;/*",
  "*/ injected: string; /*",
  "*/ } export const pwned = 1; export interface Z { /*",
  "</script>",
  "<script>globalThis.PWNED=1</script>",
  "`",
  "${",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal breakout is one of the attacks
  "${globalThis.PWNED=1}",
  "\u2028",
  "\u2029",
  "\u2028globalThis.PWNED=1;",
  "\n",
  "\r\n",
  "\r",
  "\u0085",
  "CwsDocgenType0Placeholder",
  "CwsDocgenType1Placeholder",
  "CwsDocgenTypeProperty0Name",
  "CwsDocgenTypeProperty1Name",
  "CwsDocgen1Type1Placeholder",
  '"',
  "'",
  "\\",
  "\\u0041",
  '"); globalThis.PWNED = 1; ("',
  "'); globalThis.PWNED = 1; ('",
  "}; globalThis.PWNED = 1; {",
  "console.log('pwned')",
  "process.exit(9)",
  "__proto__",
  "constructor",
  "toString",
  "@type",
  "@deprecated",
  "#",
  "# sourceURL=",
  "-->",
  "<!--",
  "\u202e",
  "\ufeff",
  "\u0000",
  "é",
  "🦄",
  "a",
  " ",
  "validate11",
  "schema11",
];
const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ATTACKS) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) });
const hostile = (max = 4) => fc.array(piece, { minLength: 1, maxLength: max }).map((p) => p.join(""));
/** A property name: hostile text. */
const name = hostile(3);
/** A definition name: hostile text around a letter (a name without one has no anchor on the page: refused, cleanly, but then nothing is tested). */
const definitionName = fc.tuple(hostile(2), fc.constantFrom("a", "Z", "é", "Date", "Object"), hostile(2)).map(([a, b, c]) => a + b + c);

/** A regular expression (valid with the u flag) whose text holds hostile pieces: escaped where the u flag needs it, comment closers raw. */
const regexText = fc
  .array(
    fc.oneof(
      hostile(2).map((t) => t.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")),
      fc.constantFrom("x*/", ".*/", "a*/ b*/", "(?:y*/)", "[*/]", "\\*\\/", "^", "$"),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((p) => p.join(""));

/** JSON data with hostile strings and keys, `__proto__` among them. */
const data: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostile(3),
    fc.integer({ min: -5, max: 5 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 2 }),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.constant("__proto__"), hostile(2)), tie("value")), { maxLength: 3, selector: ([k]) => k })
      .map(ownObject),
  ),
})).value;

/** An object with these own keys, "__proto__" included, as JSON.parse makes it. */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

type Draft = "draft-04" | "draft-07" | "2020-12";
const DRAFT_URI: Record<Draft, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

interface Case {
  draft: Draft;
  text: string;
  value: Record<string, unknown>;
  names: string[];
  definitions: string[];
  instances: unknown[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    draft: fc.constantFrom<Draft>("draft-04", "draft-07", "2020-12"),
    id: fc.option(hostile(), { nil: undefined }),
    otherId: fc.option(hostile(), { nil: undefined }),
    title: hostile(),
    description: hostile(),
    names: fc.uniqueArray(name, { minLength: 6, maxLength: 6 }),
    definitions: fc.uniqueArray(definitionName, { minLength: 1, maxLength: 2 }),
    texts: fc.array(hostile(), { minLength: 6, maxLength: 6 }),
    pattern: regexText,
    patternKeys: fc.uniqueArray(regexText, { minLength: 1, maxLength: 2 }),
    format: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom("date-time", "email", "uri", "uuid", "ipv4") },
      { weight: 1, arbitrary: hostile(2) },
    ),
    constValue: data,
    enumValues: fc.uniqueArray(data, { minLength: 1, maxLength: 3, selector: (v) => JSON.stringify(v) }),
    defaultValue: data,
    examples: fc.array(data, { maxLength: 2 }),
    strings: fc.array(hostile(), { minLength: 3, maxLength: 3 }),
    escapePlaceholders: fc.boolean(),
    additional: fc.boolean(),
  })
  .map((g) => {
    const [n0, n1, n2, n3, n4, n5] = g.names as [string, string, string, string, string, string];
    const defsKey = g.draft === "2020-12" ? "$defs" : "definitions";
    const ref = (d: string) => `#/${defsKey}/${encodeURIComponent(d.replace(/~/g, "~0").replace(/\//g, "~1"))}`;
    const [t0, t1, t2, t3, t4, t5] = g.texts as [string, string, string, string, string, string];
    const properties = ownObject([
      [n0, { type: "string", pattern: g.pattern, format: g.format, description: t0, title: t1 }],
      [n1, { const: g.constValue, description: t2 }],
      [n2, { enum: g.enumValues, default: g.defaultValue, examples: g.examples, description: t3 }],
      [n3, { $ref: ref(g.definitions[0]!), description: t4 }],
      [
        n4,
        {
          type: "object",
          patternProperties: ownObject(g.patternKeys.map((k) => [k, { type: "string", description: t5 }])),
          additionalProperties: false,
        },
      ],
    ]);
    const definitions = ownObject(
      g.definitions.map((d, i) => [
        d,
        i === 0
          ? {
              type: "object",
              description: g.description,
              title: g.title,
              properties: ownObject([[n5, { enum: g.enumValues }]]),
              required: [n5],
            }
          : { type: "string", format: g.format, description: t0 },
      ]),
    );
    const value = ownObject([
      ["$schema", DRAFT_URI[g.draft]],
      ...(g.id !== undefined ? [[g.draft === "draft-04" ? "id" : "$id", g.id] as [string, unknown]] : []),
      ...(g.otherId !== undefined ? [[g.draft === "draft-04" ? "$id" : "id", g.otherId] as [string, unknown]] : []),
      ["title", g.title],
      ["description", g.description],
      ["type", "object"],
      ["properties", properties],
      ["additionalProperties", g.additional],
      [defsKey, definitions],
    ]);
    let text = JSON.stringify(value, null, 2);
    // The placeholder names, \u-escaped: the same values, other text.
    if (g.escapePlaceholders) text = text.replace(/CwsDocgen/g, "\\u0043wsDocgen");
    const s = (i: number) => g.strings[i]!;
    const instances: unknown[] = [
      {},
      ownObject([[n1, g.constValue]]),
      ownObject([[n1, {}]]),
      ownObject([[n1, s(0)]]),
      ...g.enumValues.map((e) => ownObject([[n2, e]])),
      ownObject([[n2, g.defaultValue]]),
      ownObject([[n0, s(1)]]),
      ownObject([[n0, 5]]),
      ownObject([
        [
          n4,
          ownObject([
            [s(0), "v"],
            [s(2), 1],
          ]),
        ],
      ]),
      ownObject([[n3, {}]]),
      ownObject([[n3, ownObject([[n5, g.enumValues[0]]])]]),
      ownObject([[s(2), 1]]),
      ownObject([["__proto__", {}]]),
    ];
    return {
      draft: g.draft,
      text,
      value: JSON.parse(text) as Record<string, unknown>,
      names: g.names.slice(0, 5),
      definitions: g.definitions,
      instances,
    };
  });

// ---------- the oracle: Ajv given the schema object itself ----------

/**
 * JSON equality, as the generated validator has it: Ajv's own (fast-deep-equal) calls a `toString`
 * key of the data and compares `constructor` keys by identity. The oracle's Ajv uses this one.
 */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
const ajvEqual = createRequire(import.meta.url)("ajv/dist/runtime/equal") as { default: unknown };
ajvEqual.default = Object.assign(jsonEqual, { code: 'require("ajv/dist/runtime/equal").default' });

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

async function oracle(draft: Draft, schema: Record<string, unknown>): Promise<Validate | undefined> {
  const options = { allErrors: true, strict: false, ownProperties: true, logger: false as const };
  let ajv: import("ajv").default;
  if (draft === "draft-04") ajv = new (await import("ajv-draft-04")).default.default(options);
  else if (draft === "2020-12") ajv = new (await import("ajv/dist/2020.js")).Ajv2020(options);
  else ajv = new (await import("ajv")).Ajv(options);
  (await import("ajv-formats")).default.default(ajv);
  try {
    return ajv.compile(schema) as Validate;
  } catch {
    // Ajv cannot take some ids as a base URI; every $ref is local, so the id means nothing to validation.
    const { $id: _, id: __, ...rest } = schema;
    try {
      return ajv.compile(rest) as Validate;
    } catch {
      return undefined;
    }
  }
}

// ---------- checks on the modules' syntax ----------

function topLevel(code: string): { kind: ts.SyntaxKind; name: string; exported: boolean; members?: string[] }[] {
  const source = ts.createSourceFile("m.ts", code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
  return source.statements.map((s) => {
    const exported = (ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const name =
      ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s)
        ? (s.name?.text ?? "")
        : ts.isVariableStatement(s)
          ? s.declarationList.declarations.map((d) => d.name.getText(source)).join(",")
          : "";
    const members = ts.isInterfaceDeclaration(s)
      ? s.members.flatMap((m) =>
          ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))
            ? [m.name.text]
            : ts.isIndexSignatureDeclaration(m)
              ? []
              : ["<other>"],
        )
      : undefined;
    return { kind: s.kind, name, exported, members };
  });
}

// ---------- the property ----------

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("cws-docgen-injection-prop-");
});
afterAll(() => tmp?.cleanup());

interface Built {
  name: string;
  types: string;
  validator: string;
  instances: string[];
  expected: boolean[];
  /** Instances that must be valid / invalid whatever the oracle says. */
  mustAccept: number[];
  mustReject: number[];
}

describe("property: schema text in every string position never becomes code", () => {
  const built: Built[] = [];
  let refused = 0;
  let noOracle = 0;

  it("each build stops with a clean DocgenError (exit 2) or declares exactly the schema's names", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const name = `c${n++}`;
        const dir = join(tmp.dir, name);
        await mkdir(dir, { recursive: true });
        const file = join(dir, "schema.json");
        await writeFile(file, c.text);
        let page: Awaited<ReturnType<typeof buildPage>>;
        try {
          page = await buildPage(
            {
              name,
              schema: file,
              template: DEFAULT_TEMPLATE,
              docs: join(dir, "page.md"),
              types: join(dir, "types.ts"),
              rootType: "BackendEvent",
              texts: { title: "t", description: "d" },
              banner: "b",
            },
            {},
            { cache: false },
          );
        } catch (err) {
          // The CLI's exit 2; anything else is its exit 3, a failure here.
          if (!(err instanceof DocgenError)) throw err;
          for (const p of err.problems) expect(p.message).not.toMatch(/undefined|\[object Object\]|NaN|\n\s+at /);
          refused++;
          if (process.env.INJECTION_DEBUG) console.log("REFUSED", err.problems.map((p) => p.message.slice(0, 150)).join(" | "));
          return;
        }
        const types = page.types!.content;
        const validator = page.validator!.content;
        // Types: the root and one declaration per definition, each exported once, nothing else.
        const decls = topLevel(types);
        expect(
          decls.every(
            (d) => d.exported && (d.kind === ts.SyntaxKind.InterfaceDeclaration || d.kind === ts.SyntaxKind.TypeAliasDeclaration),
          ),
        ).toBe(true);
        const expectedNames = typeNames(["BackendEvent", ...c.definitions]);
        expect(decls.map((d) => d.name).sort()).toEqual([...expectedNames].sort());
        const root = decls.find((d) => d.name === "BackendEvent")!;
        // In the schema's key order, as JSON.parse gives it (integer-like keys first).
        expect(root.members).toEqual(Object.keys(c.value.properties as object));
        const def0 = decls.find((d) => d.name === expectedNames[1])!;
        expect(def0.members).toEqual([
          Object.keys(Object.values((c.value.definitions ?? c.value.$defs) as Record<string, { properties: object }>)[0]!.properties)[0],
        ]);
        // Validator: its four exports, nothing else exported.
        expect(
          topLevel(validator)
            .filter((d) => d.exported)
            .map((d) => d.name),
        ).toEqual(["AjvError", "Validate", "validate", "schema"]);

        const validate = await oracle(c.draft, c.value);
        if (!validate) {
          noOracle++;
          return;
        }
        const instances = c.instances.map((i) => JSON.stringify(i));
        const expected = instances.map((text) => validate(JSON.parse(text)) === true);
        // Independently of Ajv: the const and enum values are valid; {} is not a const object that has keys.
        // (Ajv ignores a property named "__proto__", and calls it additional: not asserted for one.)
        const mustAccept = c.draft === "draft-04" || c.names[1] === "__proto__" ? [] : [1];
        const enumCount = c.instances.length - 12;
        if (c.names[2] !== "__proto__") for (let i = 0; i < enumCount; i++) mustAccept.push(4 + i);
        const constValue = (c.instances[1] as Record<string, unknown>)[c.names[1]!];
        const mustReject =
          c.draft !== "draft-04" &&
          c.names[1] !== "__proto__" &&
          typeof constValue === "object" &&
          constValue !== null &&
          !Array.isArray(constValue) &&
          Object.keys(constValue).length > 0
            ? [2]
            : [];
        built.push({ name, types, validator, instances, expected, mustAccept, mustReject });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // Most cases must get through, or the property tests little.
    console.info(
      `injection property: ${RUNS} cases (seed ${SEED}): ${built.length} built and checked, ${refused} refused cleanly (exit 2), ${noOracle} built but not compiled by the oracle`,
    );
    expect(built.length).toBeGreaterThan(RUNS * 0.6);
  }, 600_000);

  it("importing and calling every validator sets no global and prints nothing; each accepts and rejects as the schema says", async () => {
    for (let start = 0; start < built.length; start += 200) {
      const batch = built.slice(start, start + 200);
      const report = await probe(tmp.dir, batch);
      expect(report.output).toBe("");
      expect(report.addedGlobals).toEqual([]);
      for (const b of batch) {
        expect(report.exportsOf[b.name], b.name).toEqual({ types: [], validator: ["schema", "validate"] });
        const results = report.results[b.name]!;
        expect(results, `${b.name}: ${b.instances.join("\n")}`).toEqual(b.expected);
        for (const i of b.mustAccept) expect(results[i], `${b.name}: accepts ${b.instances[i]}`).toBe(true);
        for (const i of b.mustReject) expect(results[i], `${b.name}: rejects ${b.instances[i]}`).toBe(false);
      }
    }
  }, 600_000);

  it("the types and validators compile under tsc --strict (one tsc run per 150 cases)", async () => {
    for (let start = 0; start < built.length; start += 150) {
      const batch = built.slice(start, start + 150);
      const dir = join(tmp.dir, `tsc${start}`);
      await mkdir(dir, { recursive: true });
      await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
      const files: string[] = [];
      for (const b of batch) {
        await mkdir(join(dir, b.name), { recursive: true });
        await writeFile(join(dir, b.name, "types.ts"), b.types);
        await writeFile(join(dir, b.name, "types.validator.ts"), b.validator);
        files.push(`${b.name}/types.ts`, `${b.name}/types.validator.ts`);
      }
      const r = await runTsc(dir, files, { skipLibCheck: true, noEmit: true });
      expect(r.stdout + r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
  }, 600_000);
});
