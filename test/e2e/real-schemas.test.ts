/**
 * Real schemas as upstream generators commit them: every spelling of the draft
 * URIs, `$schema` repeated inside properties, a root that is only a `$ref`,
 * draft 3's `extends`, and two files whose definitions refer to each other.
 * Each runs through the command line, in this process; types and validator go through the
 * real tsc, and the validator is imported and run. The schemas that build are built by one run
 * of a config that lists each as a page, in a folder of its own; the one that is refused is a
 * run of its own.
 */
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dereferenceSchema } from "../../scripts/stages/dereference.js";
import { emitValidator } from "../../scripts/stages/emit-validator.js";
import { DRAFTS, draftOf, META_URIS, type Draft } from "../../scripts/core/drafts.js";
import { parseJsonText } from "../../scripts/core/json-text.js";
import { buildModel } from "../../scripts/stages/model.js";
import { inspectSchema } from "../../scripts/stages/inspect.js";
import {
  generatePagesInProcess,
  join,
  readFile,
  type RunResult,
  runInProcess,
  runTsc,
  tempDirWithModules,
  writeFile,
  writeFiles,
} from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDirWithModules()));
afterEach(() => cleanup());

/** Every spelling of a draft's URI in use: http or https, with or without `www.`, with or without the trailing `#`. */
function spellings(draft: Draft): string[] {
  const path = META_URIS[draft].replace(/^https?:\/\//, "");
  return ["http://", "https://"].flatMap((scheme) =>
    ["", "www."].flatMap((www) => ["", "#"].map((hash) => `${scheme}${www}${path}${hash}`)),
  );
}

/** `generate` in the temporary folder; the outputs go to out/. */
function generate(schema: string, ...args: string[]) {
  return runInProcess(["generate", "--no-cache", "--schema", schema, "--docs-out", "out/page.md", "--types-out", "out/types.ts", ...args], {
    cwd: dir,
  });
}

/** The generated validator (`file`, under `folder`), transpiled and imported. */
async function importValidator(file = "out/types.validator.ts", folder = dir): Promise<(v: unknown) => boolean> {
  const code = await readFile(join(folder, file), "utf8");
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const out = join(folder, `${file}.${Date.now()}.mjs`);
  await writeFile(out, js);
  return ((await import(pathToFileURL(out).href)) as { validate: (v: unknown) => boolean }).validate;
}

/**
 * The schemas below that build, each a page of one config, in a folder of its own (its files, and
 * its outputs in `out/`); built by one `generate --no-cache` before the tests.
 */
const BUILT: Record<string, Record<string, string>> = {
  "draft-2020-12": {
    "s.json": JSON.stringify({
      $schema: "http://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { pair: { type: "array", prefixItems: [{ type: "string" }], items: false } },
      $defs: {},
    }),
  },
  plain: {
    "s.json": JSON.stringify({
      properties: { a: { $ref: "#/definitions/A" } },
      definitions: { A: { type: "object", properties: { n: { type: "integer" } }, additionalProperties: false } },
    }),
  },
  repeated: {
    "s.json": JSON.stringify({
      properties: { a: { $schema: "http://json-schema.org/draft-07/schema#", $ref: "#/definitions/A" } },
      definitions: {
        A: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { n: { $schema: "http://json-schema.org/draft-07/schema#", type: "integer" } },
          additionalProperties: false,
        },
      },
    }),
  },
  "root-ref": {
    "s.json": JSON.stringify({
      $schema: "http://json-schema.org/draft-07/schema#",
      $ref: "#/definitions/Event",
      definitions: { Event: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    }),
    "use.ts":
      'import type { S, Event } from "./out/types.js";\nimport { validate } from "./out/types.validator.js";\nconst e: Event = { id: "x" };\nconst b: S = e;\nexport const ok: boolean = validate(b);\n',
  },
  extends: {
    "s.json": JSON.stringify({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { b: { $ref: "#/definitions/B" } },
      definitions: {
        A: { type: "object", properties: { x: { type: "string" } } },
        B: { extends: { $ref: "#/definitions/A" }, type: "object", properties: { y: { type: "string" } } },
      },
    }),
    "use.ts": 'import type { B } from "./out/types.js";\nexport const b: B = { y: "1", x: 2 };\n',
  },
  "cross-file": {
    "s.json": JSON.stringify({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { p: { $ref: "other.json#/definitions/P" } },
      definitions: { Q: { type: "object", properties: { n: { type: "integer" }, p: { $ref: "other.json#/definitions/P" } } } },
    }),
    "other.json": JSON.stringify({ definitions: { P: { type: "object", properties: { q: { $ref: "s.json#/definitions/Q" } } } } }),
    "use.ts": 'import type { S } from "./out/types.js";\nexport const e: S = { p: { q: { n: 1, p: { q: {} } } } };\n',
  },
};
let built: { dir: string; cleanup: () => Promise<void> };
let builtRun: RunResult;
beforeAll(async () => {
  built = await tempDirWithModules();
  await writeFiles(
    built.dir,
    Object.fromEntries(
      Object.entries(BUILT).flatMap(([name, files]) => Object.entries(files).map(([file, text]) => [`${name}/${file}`, text])),
    ),
  );
  builtRun = await generatePagesInProcess(
    built.dir,
    Object.keys(BUILT).map((name) => ({ name, schema: "s.json" })),
    ["--no-cache"],
  );
});
afterAll(() => built?.cleanup());

/** The folder of a schema of BUILT, after the run that built it (which must have succeeded, quietly). */
function builtCase(name: string): string {
  expect(builtRun.stderr).toBe("");
  expect(builtRun.code).toBe(0);
  return join(built.dir, name);
}

describe("$schema: every spelling of every draft", () => {
  it("selects the draft for each of the 8 spellings of the 5 drafts, and nothing else", () => {
    for (const draft of DRAFTS) for (const uri of spellings(draft)) expect([uri, draftOf(uri)]).toEqual([uri, draft]);
    for (const other of [
      "http://json-schema.org/draft-05/schema#",
      "http://json-schema.org/schema#",
      "json-schema.org/draft-07/schema",
      "http://json-schema.org/draft-07/schema##",
      "http://evil.org/draft-07/schema",
      "toString",
      "__proto__",
    ]) {
      expect(draftOf(other)).toBeUndefined();
    }
  });

  it("the inspect stage and the validator agree on each spelling: the draft's own keywords are checked", async () => {
    // exclusiveMaximum is a boolean in draft-04 and a number since draft-06: a wrong reading fails the meta-schema or the check.
    const bodies: Record<Draft, (uri: string) => object> = {
      "draft-04": (uri) => ({ $schema: uri, properties: { n: { type: "number", maximum: 3, exclusiveMaximum: true } } }),
      "draft-06": (uri) => ({ $schema: uri, properties: { n: { type: "number", exclusiveMaximum: 3 } } }),
      "draft-07": (uri) => ({ $schema: uri, properties: { n: { type: "number", exclusiveMaximum: 3 } } }),
      "2019-09": (uri) => ({ $schema: uri, properties: { n: { type: "number", exclusiveMaximum: 3 } }, dependentRequired: { n: ["m"] } }),
      "2020-12": (uri) => ({
        $schema: uri,
        properties: { n: { type: "number", exclusiveMaximum: 3 }, t: { prefixItems: [{ type: "string" }], items: false } },
      }),
    };
    for (const draft of DRAFTS) {
      for (const uri of spellings(draft)) {
        const resolved = await dereferenceSchema(parseJsonText(join(dir, "s.json"), JSON.stringify(bodies[draft](uri))));
        await inspectSchema(resolved);
        const code = await emitValidator(resolved, {
          rootName: "Root",
          typesFile: join(dir, "t.ts"),
          validatorFile: join(dir, "t.validator.ts"),
        });
        expect(code).toContain(`(JSON Schema ${draft})`);
      }
    }
  });

  it("http://…/draft/2020-12/schema (upstream's spelling) builds, and its validator enforces 2020-12", async () => {
    const validate = await importValidator("out/types.validator.ts", builtCase("draft-2020-12"));
    expect(validate({ pair: ["a"] })).toBe(true);
    expect(validate({ pair: [1] })).toBe(false);
    expect(validate({ pair: ["a", "b"] })).toBe(false);
  });

  it("an unknown $schema is one clear exit 2 naming the file, the value and the known drafts", async () => {
    await writeFiles(dir, { "s.json": '{\n  "$schema": "http://json-schema.org/draft-05/schema#",\n  "type": "object"\n}\n' });
    const r = await generate("s.json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cws-docgen: error: s\.json:2:14 at \/\$schema: unknown "\$schema" "http:\/\/json-schema\.org\/draft-05\/schema#": it names no JSON Schema draft\n {2}hint: cws-docgen knows draft-04, draft-06, draft-07, 2019-09 and 2020-12 /,
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe("$schema inside properties (upstream's generator writes one in many)", () => {
  it('is left out of every code block at any depth, while a property named "$schema" stays', async () => {
    const schema = {
      $schema: "http://json-schema.org/draft-04/schema#",
      properties: {
        evt: { $schema: "http://json-schema.org/draft-04/schema#", $ref: "#/definitions/E" },
        $schema: { type: "string", description: "a field called $schema" },
      },
      definitions: {
        E: {
          $schema: "http://json-schema.org/draft-04/schema#",
          properties: {
            deep: { items: { $schema: "http://json-schema.org/draft-04/schema#", type: "string" } },
            $schema: { type: "string" },
          },
        },
      },
    };
    const model = buildModel(await dereferenceSchema(parseJsonText(join(dir, "s.json"), JSON.stringify(schema))));
    expect(JSON.parse(model.root.json)).toEqual({
      properties: { evt: { $ref: "#/definitions/E" }, $schema: { type: "string", description: "a field called $schema" } },
    });
    expect(JSON.parse(model.definitions[0]!.json)).toEqual({
      properties: { deep: { items: { type: "string" } }, $schema: { type: "string" } },
    });
    expect(model.root.parameters.map((p) => p.name)).toEqual(["evt", "$schema"]);
    expect(model.definitions[0]!.properties.map((p) => p.name)).toEqual(["deep", "$schema"]);
  });

  it("changes neither the types nor the validator's checks", async () => {
    const body = (name: string) =>
      readFile(join(builtCase(name), "out/types.ts"), "utf8").then((t) => t.replace(/^ \* Generated by cws-docgen from .*$/m, ""));
    expect(await body("repeated")).toBe(await body("plain"));
    const validate = await importValidator("out/types.validator.ts", builtCase("repeated"));
    expect(validate({ a: { n: 1 } })).toBe(true);
    expect(validate({ a: { n: "1" } })).toBe(false);
    expect(validate({ a: { x: 1 } })).toBe(false);
  });
});

describe("valid schemas that used to end in exit 3 or in types that do not compile", () => {
  // Each case's outputs and a consumer of them (its use.ts) are compiled together, by one tsc, after the cases.
  it("a root that is only a $ref: the root type is an alias of the definition; types, validator and page work", async () => {
    const at = builtCase("root-ref");
    const types = await readFile(join(at, "out/types.ts"), "utf8");
    expect(types).toContain("export type S = Event;\n");
    expect(types).toMatch(/export interface Event \{\n {2}id: string;\n/);
    const validate = await importValidator("out/types.validator.ts", at);
    expect([validate({ id: "x" }), validate({}), validate({ id: 1 })]).toEqual([true, false, false]);
    expect(await readFile(join(at, "out/page.md"), "utf8")).toContain("## `Event`");
  });

  it("draft 3's extends in a draft-07 schema: left out of the types, noted on the page", async () => {
    const at = builtCase("extends");
    const types = await readFile(join(at, "out/types.ts"), "utf8");
    expect(types).toMatch(/export interface B \{\n {2}y\?: string;\n {2}\[k: string\]: unknown;\n\}/);
    const page = await readFile(join(at, "out/page.md"), "utf8");
    const section = page.slice(page.indexOf("## `B`"));
    expect(section).toContain(
      "{{< /code-block >}}\n\n**Note:** `extends` is not a JSON Schema keyword in any draft cws-docgen reads: the validator and the TypeScript types ignore it.\n",
    );
    expect(page.slice(page.indexOf("## `A`"), page.indexOf("## `B`"))).not.toContain("Note");
    // The validator ignores it too: B's properties are not checked against A's.
    const validate = await importValidator("out/types.validator.ts", at);
    expect(validate({ b: { x: 2 } })).toBe(true);
  });

  it("two files whose definitions refer to each other through properties: a legal cycle, rendered as one inside a file", async () => {
    const at = builtCase("cross-file");
    const types = await readFile(join(at, "out/types.ts"), "utf8");
    expect(types).toMatch(/export interface Q \{\n {2}n\?: number;\n {2}p\?: P;\n/);
    expect(types).toMatch(/export interface P \{\n {2}q\?: Q;\n/);
    const validator = await readFile(join(at, "out/types.validator.ts"), "utf8");
    expect(validator).not.toMatch(/file:|other\.json|s\.json#/);
    const validate = await importValidator("out/types.validator.ts", at);
    expect(validate({ p: { q: { n: 1, p: { q: { n: 2 } } } } })).toBe(true);
    expect(validate({ p: { q: { n: 1, p: { q: { n: "2" } } } } })).toBe(false);
    const page = await readFile(join(at, "out/page.md"), "utf8");
    expect([...page.matchAll(/^## `(\w+)`$/gm)].map((m) => m[1])).toEqual(["Q", "P"]);
    expect(page).toContain("| [P](#p) |");
    expect(page).toContain("| [Q](#q) |");
  });

  it("their types and validators, and a consumer of each, compile together under tsc --strict", async () => {
    builtCase("root-ref");
    const consumers = Object.keys(BUILT)
      .filter((name) => BUILT[name]!["use.ts"] !== undefined)
      .map((name) => `${name}/use.ts`);
    expect(consumers).toEqual(["root-ref/use.ts", "extends/use.ts", "cross-file/use.ts"]);
    expect(await runTsc(built.dir, consumers)).toMatchObject({ code: 0, stdout: "" });
  });
});

describe("cost: a 100,000-value enum", () => {
  it("is checked and compiled into a validator in linear time (it took minutes), and a repeated value is reported at its place", async () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    const schemaOf = (n: number) => ({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { a: { enum: values(n) }, b: { type: "array", items: { enum: values(n) } } },
    });
    const emit = async (name: string, schema: unknown) => {
      const resolved = await dereferenceSchema(parseJsonText(join(dir, name), JSON.stringify(schema)));
      await inspectSchema(resolved);
      return emitValidator(resolved, { rootName: "Root", typesFile: join(dir, "t.ts"), validatorFile: join(dir, "t.validator.ts") });
    };
    // 100,000 values twice: both stages ran in minutes (Ajv compared every pair of enum values for the meta-schema's uniqueItems).
    expect((await emit("big.json", schemaOf(100_000))).length).toBeGreaterThan(2_000_000);
    // The same code path (an enum cut short for the meta-schema, compiled as a loop) on 1,000 values, run for real.
    await writeFile(join(dir, "out.validator.ts"), await emit("s.json", schemaOf(1_000)));
    const validate = await importValidator("out.validator.ts");
    expect([validate({ a: "v999", b: ["v0", "v5"] }), validate({ a: "v1000" }), validate({ b: ["x"] })]).toEqual([true, false, false]);

    const repeated = { properties: { a: { enum: [...values(500), "v7", { k: 1, j: 2 }, { j: 2, k: 1 }] } } };
    const again = await dereferenceSchema(parseJsonText(join(dir, "r.json"), JSON.stringify(repeated)));
    await expect(inspectSchema(again)).rejects.toThrow(
      /r\.json:1:\d+ at \/properties\/a\/enum\/500: "enum" holds this value twice: it is the same as item 7\n[\s\S]*at \/properties\/a\/enum\/502: "enum" holds this value twice: it is the same as item 501/,
    );
  });
});
