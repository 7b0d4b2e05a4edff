/** The fast formatter prints json2ts's output exactly as Prettier does, or steps aside. */
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { syntheticSchema } from "../../../scripts/dev/synthetic.js";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { draftTypes, emitTypes } from "../../../scripts/stages/emit-types.js";
import { fastFormat, PRETTIER_OPTIONS } from "../../../scripts/core/format-ts.js";
import { loadSchema } from "../../../scripts/stages/load.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { indexDefinitions } from "../../../scripts/stages/model.js";
import { CORPUS_SCHEMAS, MASTER_SCHEMA, corpusSchemaFile } from "../../helpers.js";

async function raw(text: string, file = "/virtual/s.json"): Promise<string> {
  const resolved = await dereferenceSchema(parseJsonText(file, text));
  // What the fast formatter is given in emitTypes: json2ts's output, unformatted.
  return (await draftTypes(resolved, indexDefinitions(resolved), { rootName: "BackendEvent", typesFile: "/virtual/t.ts" })).code;
}

const VARIETY = {
  properties: {
    a: { type: ["string", "null"], description: "nullable\n\nwith a blank line and trailing space " },
    b: { enum: ["x", "y", 1, null] },
    c: { anyOf: [{ type: "string" }, { type: "array", items: { type: "integer" } }] },
    "d-e": { type: "object", properties: { f: { type: "object", properties: { g: { const: "k" } } } } },
    t: { type: "array", items: [{ type: "string" }, { type: "number" }], minItems: 2, maxItems: 2 },
    p: { type: "object", patternProperties: { "^x": { type: "string" } } },
    ap: { type: "object", additionalProperties: { type: "integer" } },
    n: { type: "array", items: { type: ["string", "null"] } },
    e: { type: "object", properties: {} },
    u: {},
  },
  required: ["a"],
  definitions: {
    Empty: { type: "object", additionalProperties: false },
    Alias: { type: "string" },
    Union: { oneOf: [{ $ref: "#/definitions/Alias" }, { type: "integer" }] },
  },
};

describe("fast TypeScript formatting", () => {
  it("gives Prettier's bytes on the master schema, a variety of shapes and synthetic schemas", async () => {
    const corpus = CORPUS_SCHEMAS.map(corpusSchemaFile);
    const inputs = [
      await raw((await loadSchema(MASTER_SCHEMA)).text),
      await raw(JSON.stringify(VARIETY)),
      ...(await Promise.all(corpus.map(async (f) => raw((await loadSchema(f)).text, f)))),
      ...(await Promise.all([1, 2, 3].map((seed) => raw(JSON.stringify(syntheticSchema(40, seed)))))),
      // JSDoc lines with trailing blanks: Prettier keeps two spaces after text that ended with two or more.
      ...["text ", "text  ", "text    ", "text\t", "text  \t", "text\t  ", "text\u00a0  ", "text\u3000", "    "].map(
        (tail) => `export interface A {\n/**\n * ${tail}\n * a\n */\nb?: {\n/**\n * ${tail}\n */\nc?: string\n}\n}\n`,
      ),
    ];
    for (const code of inputs) {
      const fast = fastFormat(code);
      expect(fast).toBeDefined();
      expect(fast).toBe(await prettier.format(code, PRETTIER_OPTIONS));
    }
  });

  it("steps aside where Prettier would change quotes, unquote names or wrap long lines", async () => {
    expect(fastFormat('export interface A {\nb?: ("q\\"z" | "y")\n}\n')).toBeUndefined();
    expect(fastFormat('export interface A {\n"größe"?: string\n}\n')).toBeUndefined();
    expect(
      fastFormat(`export interface A {\nb?: (${Array.from({ length: 30 }, (_, i) => `"value${i}"`).join(" | ")})\n}\n`),
    ).toBeUndefined();
    expect(fastFormat("export interface A {\nb?: string\u2028\n}\n")).toBeUndefined();
    // json2ts writes tuple unions without spaces; Prettier spaces them.
    expect(fastFormat("export interface A {\npair?: []|[string]|[string, A]\n}\n")).toBeUndefined();
    expect(fastFormat("export interface A {\npair?: [string,A]\n}\n")).toBeUndefined();
    // Parentheses around a single type in an array: Prettier drops them.
    expect(fastFormat('export interface A {\nb?: ("x")[]\n}\n')).toBeUndefined();

    // And emitTypes then uses Prettier, so the result is still Prettier's.
    const long = { properties: { b: { enum: Array.from({ length: 30 }, (_, i) => `value${i}`) } } };
    const resolved = await dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(long)));
    const index = indexDefinitions(resolved);
    const auto = await emitTypes(resolved, index, { rootName: "R", typesFile: "/virtual/t.ts" });
    const draft = await draftTypes(resolved, index, { rootName: "R", typesFile: "/virtual/t.ts" });
    const reference = draft.finish(await prettier.format(draft.code, PRETTIER_OPTIONS));
    expect(auto).toBe(reference);
    expect(auto).toContain('\n    | "value0"\n');
  });
});
