/**
 * The emit-validator stage: Ajv standalone code for every supported draft, run
 * for real (transpiled by TypeScript, imported by Node), formats checked, cycles
 * across files, deterministic bytes, clear errors; `generate` and `check` cover it
 * (the command line's runs in this process).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolvePages } from "../../../scripts/config/config.js";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { defaultValidatorFile, emitValidator } from "../../../scripts/stages/emit-validator.js";
import { DocgenError } from "../../../scripts/core/problems.js";
import { loadSchema } from "../../../scripts/stages/load.js";
import { buildPage } from "../../../scripts/pipeline/pipeline.js";
import { createValidator, describeErrors, type GeneratedValidate, type ValidationResult } from "../../../scripts/runtime/validation.js";
import { deepSyntheticSchema, prng } from "../../../scripts/dev/synthetic.js";
import { MASTER_SCHEMA, join, runInProcess, runTsc, tempDirWithModules, writeFile, writeFiles, copyProject } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
// The generated module imports ajv-formats and Ajv's runtime helpers, as a consumer's would.
beforeEach(async () => ({ dir, cleanup } = await tempDirWithModules()));
afterEach(() => cleanup());

/** Emits the validator for a schema (or for files by name, root first) written into the temporary folder. */
async function emit(schemaOrFiles: Record<string, unknown>, root = "schema.json"): Promise<string> {
  const names = Object.keys(schemaOrFiles);
  const files = names.length > 0 && names.every((n) => n.endsWith(".json")) ? schemaOrFiles : { [root]: schemaOrFiles };
  await writeFiles(dir, Object.fromEntries(Object.entries(files).map(([k, v]) => [k, JSON.stringify(v, null, 2)])));
  const resolved = await dereferenceSchema(await loadSchema(join(dir, root)));
  return emitValidator(resolved, {
    rootName: "Root",
    typesFile: join(dir, "out/types.ts"),
    validatorFile: join(dir, "out/types.validator.ts"),
  });
}

let loads = 0;
/** Transpiles a validator with TypeScript and imports it. */
async function importValidator(code: string): Promise<GeneratedValidate<unknown>> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(dir, `out/validator-${loads++}.mjs`);
  await writeFiles(dir, { [file.slice(dir.length + 1)]: js });
  return ((await import(pathToFileURL(file).href)) as { validate: GeneratedValidate<unknown> }).validate;
}

/** Emits, transpiles with TypeScript and imports the validator; returns it wrapped as consumers use it. */
async function load(files: Record<string, unknown>, root?: string): Promise<(value: unknown) => ValidationResult<unknown>> {
  return createValidator(await importValidator(await emit(files, root))).validate;
}

async function problemsOf(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(DocgenError);
    return (err as DocgenError).problems;
  }
  throw new Error("expected a DocgenError");
}

const pointers = (r: ValidationResult<unknown>) => (r.valid ? [] : r.errors.map((e) => e.pointer));

describe("emit validator", () => {
  it("draft-04: boolean exclusiveMaximum, id, required", async () => {
    const validate = await load({
      $schema: "http://json-schema.org/draft-04/schema#",
      id: "urn:example:draft04",
      type: "object",
      required: ["pct"],
      properties: { pct: { type: "number", maximum: 100, exclusiveMaximum: true } },
      additionalProperties: false,
    });
    expect(validate({ pct: 99.5 }).valid).toBe(true);
    expect(validate({ pct: 100 })).toEqual({ valid: false, errors: [{ pointer: "/pct", message: "must be < 100, got the number 100" }] });
    expect(pointers(validate({}))).toEqual(["/pct"]);
  });

  it("draft-06 and draft-07: numeric exclusiveMaximum, const, contains, if/then", async () => {
    const six = await load({
      $schema: "http://json-schema.org/draft-06/schema#",
      properties: { n: { exclusiveMaximum: 3 }, k: { const: "x" }, l: { contains: { const: 1 } } },
    });
    expect(six({ n: 2, k: "x", l: [0, 1] }).valid).toBe(true);
    expect(pointers(six({ n: 3, k: "y", l: [0] }))).toEqual(["/n", "/k", "/l/0", "/l"]);
    const seven = await load({
      if: { properties: { kind: { const: "file" } } },
      then: { required: ["path"] },
      properties: { kind: { type: "string" }, path: { type: "string" } },
    });
    expect(seven({ kind: "file", path: "/x" }).valid).toBe(true);
    expect(seven({ kind: "file" })).toEqual({
      valid: false,
      errors: [
        { pointer: "/path", message: 'missing required property "path"' },
        { pointer: "", message: 'must match "then" schema' },
      ],
    });
  });

  it("2019-09: dependentRequired and unevaluatedProperties", async () => {
    const validate = await load({
      $schema: "https://json-schema.org/draft/2019-09/schema",
      type: "object",
      properties: { user: { type: "string" }, uid: { type: "integer" } },
      dependentRequired: { user: ["uid"] },
      unevaluatedProperties: false,
    });
    expect(validate({ user: "root", uid: 0 }).valid).toBe(true);
    expect(validate({ user: "root", extra: 1 })).toEqual({
      valid: false,
      errors: [
        { pointer: "/uid", message: 'missing property "uid", required when "user" is present' },
        { pointer: "/extra", message: 'unknown property "extra": the schema allows no other properties here' },
      ],
    });
  });

  it("2020-12: $defs, prefixItems, and Ajv's runtime helpers (string length, deep equality) imported as ES modules", async () => {
    const validate = await load({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { Name: { type: "string", minLength: 2, maxLength: 3 } },
      type: "object",
      properties: {
        name: { $ref: "#/$defs/Name" },
        pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
        origin: {
          enum: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        tags: { type: "array", uniqueItems: true },
      },
    });
    // "😀😀" is two characters but four UTF-16 code units: JSON Schema counts characters.
    expect(validate({ name: "😀😀", pair: ["a", 1], origin: { x: 1, y: 1 }, tags: [{ a: 1 }, { a: 2 }] }).valid).toBe(true);
    expect(pointers(validate({ name: "😀😀😀😀", pair: ["a", 1, 2], origin: { x: 2, y: 2 }, tags: [{ a: 1 }, { a: 1 }] }))).toEqual([
      "/name",
      "/pair",
      "/origin",
      "/tags",
    ]);
  });

  it("no $schema but $defs: read as 2020-12, as the inspect stage reads it (prefixItems enforced)", async () => {
    const validate = await load({
      $defs: { N: { type: "integer" } },
      type: "object",
      properties: { pair: { type: "array", prefixItems: [{ type: "string" }, { $ref: "#/$defs/N" }], items: false } },
    });
    expect(validate({ pair: ["a", 1] }).valid).toBe(true);
    expect(pointers(validate({ pair: ["a", "b"] }))).toEqual(["/pair/1"]);
    expect(pointers(validate({ pair: ["a", 1, 2] }))).toEqual(["/pair"]);
  });

  it("turns every require of Ajv's code into an import, and checks formats with ajv-formats (full mode)", async () => {
    const code = await emit({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      properties: {
        s: { minLength: 1 },
        e: { const: { a: [1] } },
        d: { format: "date" },
        m: { format: "email" },
        u: { format: "uuid" },
        ip: { format: "ipv4" },
      },
    });
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).toMatch(/^import \* as cwsDocgenRequire0 from "ajv\/dist\/runtime\/ucs2length\.js";$/m);
    // Values are compared as JSON by the module's own cwsDocgenEqual, not by fast-deep-equal.
    expect(code).toMatch(/^const func\d+ = cwsDocgenEqual;$/m);
    expect(code).toMatch(/^const func\d+ = cwsDocgenCjs\(cwsDocgenRequire0\)\.default;$/m);
    expect(code).toMatch(/^import \{ fullFormats as cwsDocgenFormats \} from "ajv-formats\/dist\/formats\.js";$/m);
    // Node's own module loader (not vitest's) links the imports, as in a consumer's app, which has no vitest:
    // the module is loaded by require() (Node's require of an ES module), which vitest leaves to Node.
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFiles(dir, { "out/node.mjs": js });
    const { validate: native } = createRequire(import.meta.url)(join(dir, "out/node.mjs")) as { validate: GeneratedValidate<unknown> };
    expect([
      native({ s: "😀", e: { a: [1] }, d: "2026-02-28" }),
      native({ s: "", e: { a: [2] }, d: "2026-02-30" }),
      native.errors!.map((e) => e.instancePath),
    ]).toEqual([true, false, ["/s", "/e", "/d"]]);
    const validate = await load({
      properties: {
        d: { format: "date" },
        m: { format: "email" },
        u: { format: "uuid" },
        ip: { format: "ipv4" },
        t: { format: "date-time" },
      },
    });
    expect(
      validate({
        d: "2026-02-28",
        m: "sec@example.com",
        u: "3f2a9c1d-0b8e-4a7f-9e6d-5c4b3a2f1e0d",
        ip: "10.0.0.1",
        t: "2026-11-24T10:15:00Z",
      }).valid,
    ).toBe(true);
    expect(pointers(validate({ d: "2026-02-30", m: "not an email", u: "3f2a", ip: "10.0.0.256", t: "2026-11-24" }))).toEqual([
      "/d",
      "/m",
      "/u",
      "/ip",
      "/t",
    ]);
  });

  it("handles recursive schemas split over files (bundled, not dereferenced)", async () => {
    const validate = await load({
      "schema.json": { type: "object", properties: { root: { $ref: "parts/node.json" } }, additionalProperties: false },
      "parts/node.json": {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "node.json" } } },
        additionalProperties: false,
      },
    });
    const tree = { root: { name: "a", children: [{ name: "b", children: [{ name: "c", children: [] }] }] } };
    expect(validate(tree).valid).toBe(true);
    (tree.root.children[0]!.children[0] as Record<string, unknown>).name = 3;
    expect(validate(tree)).toEqual({
      valid: false,
      errors: [{ pointer: "/root/children/0/children/0/name", message: "must be string, got the number 3" }],
    });
  });

  it("is deterministic, names the schema relative to itself, and imports the root type from the types file", async () => {
    const files = { "schema.json": JSON.parse(await readFile(MASTER_SCHEMA, "utf8")) };
    const a = await emit(files);
    const b = await emit(files);
    expect(a).toBe(b);
    expect(a).toContain(" * Generated by cws-docgen from ../schema.json (JSON Schema draft-04), with Ajv's standalone code.\n");
    expect(a).toContain('\nimport type { Root } from "./types.js";\n');
    expect(a).toMatch(/\nexport const validate: Validate = validate\d+;\n/);
    expect(a).not.toContain(dir);
  });

  it("exports the schema as data with the same own properties, even one called __proto__", async () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string","description":"\\"__proto__\\": is text here"}}}',
    );
    const code = await emit(schema);
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFiles(dir, { "out/proto.mjs": js });
    const mod = (await import(pathToFileURL(join(dir, "out/proto.mjs")).href)) as { schema: unknown };
    expect(mod.schema).toEqual(schema);
    expect(Object.hasOwn((mod.schema as { properties: object }).properties, "__proto__")).toBe(true);
  });

  it("puts the validator next to the types by default", () => {
    expect(defaultValidatorFile("/p/generated/backend-event.ts")).toBe("/p/generated/backend-event.validator.ts");
    expect(defaultValidatorFile("/p/types.d.ts")).toBe("/p/types.validator.ts");
    expect(defaultValidatorFile("/p/types.mts")).toBe("/p/types.validator.ts");
  });

  it("the module compiles under tsc --strict, and its validate is a type guard for the root type", async () => {
    const [page] = await resolvePages(
      {
        schema: MASTER_SCHEMA,
        typesOut: join(dir, "types/backend-event.ts"),
        validatorOut: join(dir, "check/backend.validator.ts"),
        docsOut: join(dir, "backend.md"),
      },
      dir,
    );
    // The root type as this repository's config names it.
    const built = await buildPage({ ...page!, rootType: "BackendEvent" }, {}, { cache: false });
    expect(built.validator!.content).toContain('\nimport type { BackendEvent } from "../types/backend-event.js";\n');
    await writeFiles(dir, {
      "types/backend-event.ts": built.types!.content,
      "check/backend.validator.ts": built.validator!.content,
      "use.ts": [
        'import { validate, schema } from "./check/backend.validator.js";',
        'import type { BackendEvent } from "./types/backend-event.js";',
        "export function f(value: unknown): BackendEvent | undefined {",
        "  if (validate(value)) return value;",
        "  const errors: { instancePath: string; message?: string }[] = validate.errors ?? [];",
        "  return errors.length > 0 ? undefined : undefined;",
        "}",
        'export const draft: "http://json-schema.org/draft-04/schema#" = schema.$schema;',
        "// @ts-expect-error without the guard, an unknown is not an event",
        "export const g = (value: unknown): BackendEvent => value;",
        "",
      ].join("\n"),
    });
    const r = await runTsc(dir, ["use.ts"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

type Schema = Record<string, unknown>;

/** A valid instance of a synthetic schema: required properties always, others less often the deeper. */
function instanceOf(schema: Schema, defs: Record<string, Schema>, random: () => number, depth = 0): unknown {
  if (typeof schema.$ref === "string") return instanceOf(defs[schema.$ref.slice("#/definitions/".length)]!, defs, random, depth);
  switch (schema.type) {
    case "object": {
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties as Record<string, Schema>))
        if (required.has(key) || (depth < 5 && random() < 0.6 / (depth + 1))) out[key] = instanceOf(sub, defs, random, depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: Math.floor(random() * 3) }, () => instanceOf(schema.items as Schema, defs, random, depth + 1));
    case "integer":
      return Math.floor(random() * 1000) - 10;
    case "boolean":
      return random() < 0.5;
    default:
      return schema.format === "date-time" ? "2026-11-24T10:15:00Z" : `s${Math.floor(random() * 100)}`;
  }
}

/** The instance with one change somewhere: a value of another type, an unknown key, a required key gone, a bad date. */
function mutated(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value);
  const places: [Record<string, unknown> | unknown[], string | number][] = [];
  const objects: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        places.push([v, i]);
        walk(x);
      });
    } else if (v !== null && typeof v === "object") {
      objects.push(v as Record<string, unknown>);
      for (const [k, x] of Object.entries(v)) {
        places.push([v as Record<string, unknown>, k]);
        walk(x);
      }
    }
  };
  walk(copy);
  const r = random();
  if (r < 0.2 || places.length === 0) objects[Math.floor(random() * objects.length)]!.unknown_key = 1;
  else {
    const [holder, key] = places[Math.floor(random() * places.length)]!;
    const other = [12.5, "s", null, {}, [], true, "2026-02-30T00:00:00Z", 7][Math.floor(random() * 8)];
    if (r < 0.35 && !Array.isArray(holder)) delete holder[key as string];
    else (holder as Record<string | number, unknown>)[key] = other;
  }
  return copy;
}

describe("emit validator: linear in the schema (deep-DAG synthetic)", () => {
  it("stays within 4x the schema's bytes, grows linearly, and gives Ajv's verdicts and errors", async () => {
    const perDefinition: number[] = [];
    const codes: string[] = [];
    for (const n of [100, 300]) {
      const schema = deepSyntheticSchema(n);
      const code = await emit(schema);
      codes.push(code);
      const schemaBytes = Buffer.byteLength(JSON.stringify(schema, null, 2));
      const bytes = Buffer.byteLength(code);
      expect(bytes / schemaBytes, `validator / schema bytes at ${n} definitions`).toBeLessThanOrEqual(4);
      perDefinition.push(bytes / n);
    }
    expect(Math.abs(perDefinition[1]! / perDefinition[0]! - 1), "bytes per definition, 300 against 100").toBeLessThanOrEqual(0.2);

    // The 100-definition validator (transpiling the larger one alone takes seconds) against Ajv compiling
    // the same schema at run time, one function per definition there too.
    const schema = deepSyntheticSchema(100);
    const generated = await importValidator(codes[0]!);
    const { default: Ajv04 } = (await import("ajv-draft-04")) as unknown as { default: typeof import("ajv-draft-04").default };
    const { default: addFormats } = (await import("ajv-formats")) as unknown as { default: typeof import("ajv-formats").default };
    const ajv = new Ajv04({ allErrors: true, strict: false, ownProperties: true, inlineRefs: false });
    addFormats(ajv);
    const runtime = ajv.compile(structuredClone(schema));
    const random = prng(Number(process.env.PROPERTY_SEED ?? 1));
    const defs = schema.definitions as Record<string, Schema>;
    const verdicts = { valid: 0, invalid: 0 };
    for (let i = 0; i < 150; i++) {
      const valid = instanceOf(schema, defs, random);
      for (const value of [valid, mutated(valid, random), mutated(valid, random)]) {
        const verdict = generated(value);
        expect(verdict).toBe(runtime(value));
        expect(generated.errors ?? null).toEqual(runtime.errors ?? null);
        if (!verdict) expect(describeErrors(generated.errors!, value)).toEqual(describeErrors(runtime.errors!, value));
        verdicts[verdict ? "valid" : "invalid"]++;
      }
      expect(generated(valid)).toBe(true);
    }
    expect(verdicts.valid).toBeGreaterThan(150);
    expect(verdicts.invalid).toBeGreaterThan(100);
  });
});

describe("emit validator: bad input", () => {
  it("refuses an unknown format, with its pointer", async () => {
    const ps = await problemsOf(() => emit({ properties: { a: { type: "string", format: "x-cws-path" } } }));
    expect(ps).toEqual([
      expect.objectContaining({
        pointer: "/properties/a/format",
        message: 'unknown format "x-cws-path": the validator could not check it',
      }),
    ]);
  });

  it("refuses an unsupported $schema", async () => {
    const ps = await problemsOf(() => emit({ $schema: "http://json-schema.org/draft-03/schema#", type: "object" }));
    expect(ps[0]).toMatchObject({ pointer: "/$schema" });
    expect(ps[0]!.message).toMatch(/unsupported \$schema "http:\/\/json-schema.org\/draft-03\/schema#"/);
  });

  it("refuses a schema its draft's meta-schema rejects, with the pointer", async () => {
    const ps = await problemsOf(() =>
      emit({ $schema: "http://json-schema.org/draft-04/schema#", properties: { uid: { type: "integr" } } }),
    );
    expect(ps[0]!.pointer).toBe("/properties/uid/type");
    expect(ps[0]!.message).toMatch(/^the validator cannot be compiled: the schema must be equal to one of the allowed values/);
  });

  it("refuses a validator file that is not TypeScript", async () => {
    await writeFiles(dir, { "schema.json": "{}" });
    const resolved = await dereferenceSchema(await loadSchema(join(dir, "schema.json")));
    const ps = await problemsOf(() =>
      emitValidator(resolved, { rootName: "Root", typesFile: join(dir, "t.ts"), validatorFile: join(dir, "v.js") }),
    );
    expect(ps[0]!.message).toMatch(/must end in \.ts or \.mts/);
  });
});

describe("generate and check cover the validator", () => {
  async function project(): Promise<void> {
    await copyProject(dir);
  }

  it("check exits 1 when only the validator is stale or missing; generate rewrites it to the committed bytes", async () => {
    await project();
    const committed = await readFile(join(dir, "generated/backend-event.validator.ts"), "utf8");
    await writeFile(join(dir, "generated/backend-event.validator.ts"), committed.replace('{type: "integer"}', '{type: "int"}'));
    const stale = await runInProcess(["check"], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^cws-docgen: stale: generated\/backend-event.validator.ts\n/);
    expect(stale.stdout).toContain("--- a/generated/backend-event.validator.ts\ton disk\n");
    const gen = await runInProcess(["generate"], { cwd: dir });
    expect(gen.stdout).toBe(
      "unchanged docs/backend.md\nunchanged generated/backend-event.ts\nwrote generated/backend-event.validator.ts\n",
    );
    expect(await readFile(join(dir, "generated/backend-event.validator.ts"), "utf8")).toBe(committed);
  });

  it("a config can put the validator elsewhere; --validator-out overrides it", async () => {
    await project();
    const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
    config.pages[0].validator = "src/validate-event.ts";
    await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify(config));
    const r = await runInProcess(["generate"], { cwd: dir });
    expect(r.stdout).toBe("unchanged docs/backend.md\nunchanged generated/backend-event.ts\nwrote src/validate-event.ts\n");
    expect(await readFile(join(dir, "src/validate-event.ts"), "utf8")).toContain(
      'import type { BackendEvent } from "../generated/backend-event.js";',
    );
    const [page] = await resolvePages({ validatorOut: "elsewhere/v.ts" }, dir);
    expect(page!.validator).toBe(join(dir, "elsewhere/v.ts"));
    const bad = await runInProcess(["generate", "--validator-out", "elsewhere/v.js"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/elsewhere\/v\.js: the validator is a TypeScript module, so its file name must end in \.ts or \.mts/);
    config.pages[0].validator = "src/validate-event.js";
    await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify(config, null, 2));
    const ps = await problemsOf(() => resolvePages({}, dir));
    // The line of the config's "validator" key, where its value starts.
    const line =
      JSON.stringify(config, null, 2)
        .split("\n")
        .findIndex((l) => l.includes('"validator":')) + 1;
    expect(ps[0]).toMatchObject({ pointer: "/pages/0/validator", line, column: 20 });
    expect(ps[0]!.message).toMatch(/^config must match pattern/);
  });

  it("a schema the validator cannot be compiled from fails the whole run, and writes nothing", async () => {
    await project();
    const schema = JSON.parse(await readFile(join(dir, "schema/backend.schema.json"), "utf8"));
    schema.properties.date.format = "x-cws-time";
    await writeFile(join(dir, "schema/backend.schema.json"), JSON.stringify(schema, null, 4));
    const before = await readFile(join(dir, "docs/backend.md"), "utf8");
    const r = await runInProcess(["generate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'cws-docgen: error: schema/backend.schema.json at /properties/date/format: unknown format "x-cws-time": the validator could not check it\n  hint: use a format ajv-formats knows (date-time, date, time, email, hostname, ipv4, ipv6, uri, uuid, regex, …)\n',
    );
    expect(r.stdout).toBe("");
    expect(await readFile(join(dir, "docs/backend.md"), "utf8")).toBe(before);
  });
});
