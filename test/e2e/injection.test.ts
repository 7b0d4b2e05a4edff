/**
 * No schema string becomes code. Each attack runs through the command line's
 * `run` in this process (runInProcess), on the hostile corpus's inputs; the generated modules are
 * then transpiled and imported as a consumer would (test/probe.ts): loading and
 * calling them must set no global and print nothing, export exactly what
 * cws-docgen writes, and the validator must accept and reject as the schema
 * says. The verify stage (scripts/stages/verify.ts) is tested on outputs made
 * unsafe on purpose, in process and through the built CLI as a subprocess, whose bundle a loader
 * hook patches.
 */
import { readdir, readFile } from "node:fs/promises";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsGlobalsSource, GENERATED_FILE } from "../../scripts/dev/build-ts-globals.js";
import { dereferenceSchema } from "../../scripts/stages/dereference.js";
import { loadSchema } from "../../scripts/stages/load.js";
import { indexDefinitions } from "../../scripts/stages/model.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../scripts/stages/render.js";
import { UnsafeOutputError, verifyOutput } from "../../scripts/stages/verify.js";
import { rootTypeProblem } from "../../scripts/core/ts-names.js";
import { FIXTURES, ROOT, cp, generatePagesInProcess, join, runCli, runInProcess, tempDir, writeFile, writeFiles } from "../helpers.js";
import { probe } from "../probe.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("cws-docgen-injection-");
});
afterAll(() => tmp?.cleanup());

interface CaseOutputs {
  code: number;
  stderr: string;
  types: string;
  validator: string;
  page: string;
}

/**
 * Runs `generate` once on fresh copies of hostile corpus cases' inputs, each a page of one config
 * (test/helpers.ts, generatePagesInProcess: one run for all); returns each
 * case's outputs, with the run's exit code and stderr.
 */
async function generateCases(names: string[]): Promise<Map<string, CaseOutputs>> {
  // A folder of their own: the config written there must not be found by the other tests' runs.
  const dir = join(tmp.dir, "attacks");
  for (const name of names) await cp(join(FIXTURES, "hostile", name, "input"), join(dir, name), { recursive: true });
  const r = await generatePagesInProcess(
    dir,
    names.map((name) => ({ name, schema: "schema.json" })),
  );
  const read = (name: string, f: string) => readFile(join(dir, name, "out", f), "utf8").catch(() => "");
  const outputs = new Map<string, CaseOutputs>();
  for (const name of names)
    outputs.set(name, {
      code: r.code,
      stderr: r.stderr,
      types: await read(name, "types.ts"),
      validator: await read(name, "types.validator.ts"),
      page: await read(name, "page.md"),
    });
  return outputs;
}

/** Top-level declarations of a module as the TypeScript parser sees them: kind, name, exported, members. */
function declarations(code: string): { kind: string; name: string; exported: boolean; members: string[] }[] {
  const source = ts.createSourceFile("m.ts", code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
  return source.statements.map((s) => {
    const exported = (ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    let name = "";
    let members: string[] = [];
    if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s)) name = s.name?.text ?? "";
    if (ts.isVariableStatement(s)) name = s.declarationList.declarations.map((d) => d.name.getText(source)).join(",");
    if (ts.isInterfaceDeclaration(s))
      members = s.members.map((m) =>
        m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : `<${ts.SyntaxKind[m.kind]}>`,
      );
    return { kind: ts.SyntaxKind[s.kind], name, exported, members };
  });
}

const exportedNames = (code: string) =>
  declarations(code)
    .filter((d) => d.exported)
    .map((d) => d.name);
const VALIDATOR_EXPORTS = ["AjvError", "Validate", "validate", "schema"];

describe("code injection through the CLI (hostile corpus inputs)", () => {
  const cases = ["inject-id-comment", "inject-id-draft04", "inject-pattern-properties", "inject-placeholder-escape", "proto-in-const"];
  let outputs: Map<string, CaseOutputs>;
  beforeAll(async () => {
    outputs = await generateCases(cases);
  });

  it("every attack exits 0 and writes modules whose declarations are exactly the schema's", () => {
    for (const c of cases) {
      const o = outputs.get(c)!;
      expect(o.stderr, c).toBe("");
      expect(o.code, c).toBe(0);
      expect(exportedNames(o.validator), c).toEqual(VALIDATOR_EXPORTS);
      expect(
        declarations(o.types).every((d) => d.exported && ["InterfaceDeclaration", "TypeAliasDeclaration"].includes(d.kind)),
        c,
      ).toBe(true);
    }
    const decl = (c: string) => declarations(outputs.get(c)!.types);
    expect(decl("inject-id-comment")).toEqual([
      { kind: "InterfaceDeclaration", name: "Schema", exported: true, members: ["name", "<IndexSignature>"] },
    ]);
    expect(decl("inject-pattern-properties").map((d) => [d.name, d.members])).toEqual([["Schema", ["nested", "<IndexSignature>"]]]);
    expect(decl("inject-placeholder-escape").map((d) => [d.name, d.members])).toEqual([
      ["Schema", ["x*/ export const pwned = globalThis.PWNED = 1; /*", "kind", "ref", "<IndexSignature>"]],
      ["Target", []],
    ]);
  });

  it("the root $id (and draft-04 id) never reaches a comment or code: no sourceURL in the validator", () => {
    for (const c of ["inject-id-comment", "inject-id-draft04"]) {
      const v = outputs.get(c)!.validator;
      expect(v).not.toContain("sourceURL");
      // The id stays in the exported schema, as data in a string literal.
      expect(v).toContain(
        c === "inject-id-comment"
          ? '"$id":"https://example.com/event*/;globalThis.PWNED=1;console.log(\\"pwned\\");/*"'
          : '"id":"urn:x*/ globalThis.PWNED = 1; /*"',
      );
    }
  });

  it("a patternProperties key is comment text: every */ in it is * /, and it adds no member", () => {
    const t = outputs.get("inject-pattern-properties")!.types;
    expect(t).toContain('via the `patternProperty` "a* / b* / injected: string; /*".');
    expect(t).toContain('Any property whose name matches the pattern "^x* / y* / pwned: number; /*".');
    expect(t).not.toMatch(/^\s*(injected|pwned)\b/m);
  });

  it("placeholder names written with \\u escapes stay text: the enum keeps its values, the description its words", () => {
    const t = outputs.get("inject-placeholder-escape")!.types;
    expect(t).toContain('kind?: "CwsDocgenType1Placeholder" | "CwsDocgenTypeProperty0Name" | "CwsDocgen1Type1Placeholder";');
    expect(t).toContain(" * see CwsDocgenTypeProperty0Name and CwsDocgen1TypeProperty0Name");
    expect(t).toContain(" * CwsDocgenType0Placeholder\n");
  });

  it("importing and calling the validators sets no global and prints nothing; they accept and reject as the schemas say", async () => {
    const instances: Record<string, [string, boolean][]> = {
      "inject-id-comment": [
        ['{"name": "a"}', true],
        ["{}", false],
        ['{"name": 1}', false],
      ],
      "inject-id-draft04": [
        ['{"id": "a"}', true],
        ['{"id": 2}', false],
      ],
      "inject-pattern-properties": [
        ['{"a* / b* / injected: string; /*": 1}', true],
        ['{"aaa/ b/ injected: string; /*": 1}', false],
        ['{"nested": {"xx/ y/ pwned: number; /*": 1.5}}', false],
        ['{"nested": {"p*/": null}}', true],
        ['{"nested": {"p*/": 0}}', false],
      ],
      "inject-placeholder-escape": [
        ['{"kind": "CwsDocgenType1Placeholder", "ref": "s"}', true],
        ['{"kind": "Target"}', false],
      ],
      "proto-in-const": [
        ['{"c": {"__proto__": {"admin": true}}}', true],
        ['{"c": {}}', false],
        ['{"c": {"admin": true}}', false],
        ['{"e": {"__proto__": []}}', true],
        ['{"e": {}}', false],
        ['{"e": {"a": {"__proto__": null}}}', true],
        ['{"e": {"a": {}}}', false],
        ['{"d": {}}', true],
      ],
    };
    const report = await probe(
      tmp.dir,
      cases.map((c) => ({
        name: c,
        types: outputs.get(c)!.types,
        validator: outputs.get(c)!.validator,
        instances: instances[c]!.map(([t]) => t),
      })),
    );
    expect(report.output).toBe("");
    expect(report.addedGlobals).toEqual([]);
    for (const c of cases) {
      expect(report.exportsOf[c], c).toEqual({ types: [], validator: ["schema", "validate"] });
      expect(report.results[c], c).toEqual(instances[c]!.map(([, valid]) => valid));
    }
  });

  it("the exported schema keeps __proto__ as an own key of const, enum, default and examples objects", async () => {
    const v = outputs.get("proto-in-const")!.validator;
    const js = ts.transpileModule(v, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const dir = join(tmp.dir, "proto-schema");
    await writeFiles(dir, { "v.mjs": js });
    const { symlink } = await import("node:fs/promises");
    await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const { schema } = (await import(join(dir, "v.mjs"))) as { schema: { properties: Record<string, Record<string, unknown>> } };
    const own = (o: unknown) => Object.getOwnPropertyNames(o);
    const p = schema.properties;
    expect(own(p.c!.const)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(p.c!.const)).toBe(Object.prototype);
    expect(own((p.e!.enum as unknown[])[0])).toEqual(["__proto__"]);
    expect(own(((p.e!.enum as unknown[])[1] as { a: unknown }).a)).toEqual(["__proto__"]);
    expect(own(p.d!.default)).toEqual(["__proto__"]);
    expect(own((p.d!.examples as unknown[])[0])).toEqual(["__proto__"]);
  });
});

describe("rootType: checked when the config is read", () => {
  it("refuses reserved words, globals of TypeScript's libs and the validator module's own names, with exit 2 and the place", async () => {
    const refused = [
      "class",
      "await",
      "type",
      "Date",
      "Array",
      "Record",
      "Promise",
      "Object",
      "Iterator",
      "Validate",
      "AjvError",
      "validate",
      "schema",
      "validate11",
      "schema13",
      "func2",
      "formats0",
      "pattern0",
      "cwsDocgenCjs",
      "1a",
      "a-b",
      "Größe",
      "",
    ];
    const dir = join(tmp.dir, "root-types");
    await writeFiles(dir, { "schema.json": '{"type": "object", "properties": {"a": {"type": "string"}}}' });
    for (const rootType of refused) expect(rootTypeProblem(rootType), rootType).toBeDefined();
    for (const rootType of ["BackendEvent", "Event", "File", "Root", "Schema", "validateX", "_x", "$e"])
      expect(rootTypeProblem(rootType), rootType).toBeUndefined();
    // Through the CLI (the hostile corpus has class, Date and Validate).
    for (const rootType of ["Record", "validate11", "a-b"]) {
      await writeFile(
        join(dir, "cws-docgen.config.json"),
        JSON.stringify({ pages: [{ name: "p", schema: "schema.json", docs: "out/p.md", types: "out/t.ts", rootType }] }, null, 2),
      );
      const r = await runInProcess(["generate"], { cwd: dir });
      expect(r.code, rootType).toBe(2);
      expect(r.stderr, rootType).toMatch(
        new RegExp(
          `^cws-docgen: error: .*cws-docgen\\.config\\.json:\\d+:\\d+ at /pages/0/rootType: config: rootType ${JSON.stringify(rootType).replace(/[$\\[\]{}()*+?.^|-]/g, "\\$&")} (is not an identifier|is a TypeScript keyword|is a global|is a name the generated validator module declares itself)|/pages/0/rootType: config must match pattern`,
        ),
      );
      expect(await readdir(dir)).toEqual(["cws-docgen.config.json", "schema.json"]);
    }
  });

  it(`${GENERATED_FILE} is what build-ts-globals makes from the installed TypeScript (the build writes it)`, async () => {
    expect(await readFile(join(ROOT, GENERATED_FILE), "utf8")).toBe(tsGlobalsSource());
  });
});

describe("verify stage: generated code that is not the schema's is never written", () => {
  const schemaText = JSON.stringify({
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { name: { type: "string" }, kind: { const: { k: 1 } }, ref: { $ref: "#/definitions/Thing" } },
    definitions: { Thing: { type: "object", properties: { id: { type: "string" } } } },
  });

  it("refuses each kind of unsafe output, in process", async () => {
    const dir = join(tmp.dir, "verify");
    await writeFiles(dir, { "schema.json": schemaText });
    const config = {
      name: "p",
      schema: join(dir, "schema.json"),
      template: DEFAULT_TEMPLATE,
      docs: join(dir, "p.md"),
      types: join(dir, "t.ts"),
      rootType: "BackendEvent",
      texts: { title: "t", description: "d" },
      banner: "b",
    };
    const built = await buildPage(config, {}, { cache: false });
    const resolved = await dereferenceSchema(await loadSchema(config.schema));
    const index = indexDefinitions(resolved);
    const types = built.types!;
    const validator = built.validator!;
    const ok = () => verifyOutput(resolved, index, { rootName: "BackendEvent", types, validator });
    await ok();
    const withTypes = (content: string) =>
      verifyOutput(resolved, index, { rootName: "BackendEvent", types: { ...types, content }, validator });
    const withValidator = (content: string) =>
      verifyOutput(resolved, index, { rootName: "BackendEvent", types, validator: { ...validator, content } });
    const unsafe: [string, () => Promise<void>, RegExp][] = [
      ["a top-level const in the types", () => withTypes(`${types.content}export const pwned = 1;\n`), /VariableStatement/],
      [
        "an extra member",
        () => withTypes(types.content.replace("  name?: string;", "  name?: string;\n  injected: string;")),
        /members of BackendEvent/,
      ],
      ["a member missing", () => withTypes(types.content.replace("  name?: string;\n", "")), /members of BackendEvent/],
      [
        "a declaration the schema has no name for",
        () => withTypes(`${types.content}export interface Pwned {}\n`),
        /"Pwned", which is neither/,
      ],
      [
        "a declaration missing",
        () => withTypes(types.content.replace(/export interface Thing \{[^}]*\}\n/, "")),
        /does not declare "Thing"/,
      ],
      ["a reference to a global", () => withTypes(types.content.replace("ref?: Thing;", "ref?: Promise<Thing>;")), /not a declared type/],
      ["a typeof query", () => withTypes(types.content.replace("name?: string;", "name?: typeof globalThis;")), /TypeQuery/],
      ["code that does not parse", () => withTypes(`${types.content}export interface {`), /does not parse/],
      ["a statement in the validator", () => withValidator(`${validator.content}globalThis.PWNED = 1;\n`), /ExpressionStatement/],
      [
        "a comment inside Ajv's code",
        () => withValidator(validator.content.replace("let vErrors = null;", "/* x */let vErrors = null;")),
        /a comment inside Ajv's code/,
      ],
      [
        "a sourceURL comment for no id of the schema",
        () => withValidator(validator.content.replace("let vErrors = null;", '/*# sourceURL="x" */let vErrors = null;')),
        /a comment inside Ajv's code/,
      ],
      [
        "a __proto__ key that sets a prototype",
        () => withValidator(validator.content.replace('"k":1', '"__proto__":{"k":1}')),
        /"__proto__" key would set its prototype/,
      ],
      [
        "a raw __proto__ key in the exported schema",
        // The exported schema is the module's last JSON: its "k" is the last one.
        () => {
          const at = validator.content.lastIndexOf('"k":1');
          return withValidator(`${validator.content.slice(0, at)}"__proto__":1${validator.content.slice(at + '"k":1'.length)}`);
        },
        /"__proto__" key would set its prototype/,
      ],
      [
        "a comment opened before a schema line and closed in its JSON",
        () =>
          withValidator(
            validator.content
              .replace(/^const schema(\d+) = /m, "/*\n$&")
              .replace('"type":"string"', '"type":"*/ globalThis.PWNED = 1; /*"'),
          ),
        /ExpressionStatement|a comment inside/,
      ],
      ["another export", () => withValidator(`${validator.content}export const x = 1;\n`), /it exports "x"/],
      [
        "an import of anything else",
        () => withValidator(`import "node:child_process";\n${validator.content}`),
        /an import cws-docgen does not write/,
      ],
      ["a top-level function of another name", () => withValidator(`${validator.content}function pwn() {}\n`), /a function "pwn"/],
      [
        "a helper of cws-docgen's that is not as it writes it",
        () => withValidator(validator.content.replace('? "must be " + params.type', '? "must be " + params.type + globalThis.PWNED')),
        /the function "cwsDocgenFail" is not the one cws-docgen writes/,
      ],
    ];
    for (const [what, run, message] of unsafe) {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, what).toBeInstanceOf(UnsafeOutputError);
      expect((err as Error).message, what).toMatch(/^refusing to write unsafe output .*(t\.ts|t\.validator\.ts): /);
      expect((err as Error).message, what).toMatch(message);
    }
  });

  it.each(["always", "never"])(
    "through the CLI (TypeScript thread: %s): exit 3, 'refusing to write unsafe output' with the file, and nothing written",
    async (thread) => {
      // A loader hook that makes emit-types append a statement, as a bug in a library could.
      const dir = join(tmp.dir, `verify-cli-${thread}`);
      await writeFiles(dir, {
        "schema.json": schemaText,
        "hook.mjs": `import { register } from "node:module";\nregister("./loader.mjs", import.meta.url);\n`,
        "loader.mjs": [
          "export async function load(url, context, next) {",
          "  const result = await next(url, context);",
          // Stage 8's emitTypes (resolved, index, options), not the pipeline's step of that name.
          "  if (!String(result.source ?? '').includes('async function emitTypes(resolved,')) return result;",
          // The chunk declares emitTypes and exports it by name at its end: the wrapper takes the name.
          "  const source = String(result.source).replace('async function emitTypes(resolved,', 'async function emitTypesUnpatched(resolved,')",
          "    + '\\nasync function emitTypes(...a) { return (await emitTypesUnpatched(...a)) + \"export const pwned = globalThis.PWNED = 1;\\\\n\"; }\\n';",
          "  return { ...result, source };",
          "}",
          "",
        ].join("\n"),
      });
      const r = await runCli(["generate", "--no-cache", "--schema", "schema.json", "--docs-out", "out/p.md", "--types-out", "out/t.ts"], {
        cwd: dir,
        env: { NODE_OPTIONS: `--import ${join(dir, "hook.mjs")}`, CWS_DOCGEN_TS_THREAD: thread },
      });
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^cws-docgen: internal error: refusing to write unsafe output .*out\/t\.ts: line \d+: a top-level VariableStatement that is not an exported interface or type\n/,
      );
      expect(r.code).toBe(3);
      expect((await readdir(dir)).sort()).toEqual(["hook.mjs", "loader.mjs", "schema.json"]);
    },
  );
});
