/**
 * Stage 4, the page model (scripts/stages/model.ts): definitions in schema order with their
 * anchors, fields and references, from `definitions` and `$defs` alike.
 */
import { describe, expect, it } from "vitest";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { buildModel } from "../../../scripts/stages/model.js";

async function model(schema: unknown | string) {
  const text = typeof schema === "string" ? schema : JSON.stringify(schema);
  return buildModel(await dereferenceSchema(parseJsonText("/virtual/s.json", text)));
}

describe("model", () => {
  it("lists definitions in schema order with their anchors, $defs as well as definitions", async () => {
    const m = await model({ $defs: { B: {}, A: {} }, definitions: { C: {} } });
    expect(m.definitions.map((d) => [d.name, d.anchor])).toEqual([
      ["B", "b"],
      ["A", "a"],
      ["C", "c"],
    ]);
  });

  it("gives names that differ only by case distinct anchors, as Hugo does (file, file-1)", async () => {
    const m = await model({ definitions: { File: {}, file: {} }, $defs: { FILE: {} } });
    expect(m.definitions.map((d) => d.anchor)).toEqual(["file", "file-1", "file-2"]);
  });

  it("keeps only described properties as fields, and all of them as properties", async () => {
    const m = await model({
      definitions: { D: { required: ["b"], properties: { a: { type: "string" }, b: { type: "integer", description: "B" } } } },
    });
    const d = m.definitions[0]!;
    expect(d.properties.map((p) => p.name)).toEqual(["a", "b"]);
    expect(d.fields).toEqual([{ name: "b", description: "B", type: "integer", required: true }]);
  });

  it("lists references once each, in order of first use, through items and compositions too", async () => {
    const m = await model({
      definitions: {
        D: {
          properties: {
            x: { $ref: "#/definitions/B", description: "x" },
            y: { type: "array", items: { $ref: "#/definitions/A" } },
            z: { anyOf: [{ $ref: "#/definitions/C" }, { $ref: "#/definitions/B" }] },
            w: { additionalProperties: { $ref: "#/definitions/D" } },
          },
        },
        A: {},
        B: {},
        C: {},
      },
    });
    expect(m.definitions[0]!.references.map((r) => r.name)).toEqual(["B", "A", "C", "D"]);
    expect(m.definitions[0]!.properties.map((p) => p.ref?.name)).toEqual(["B", "A", undefined, undefined]);
  });

  it("prints each definition's JSON with 4 spaces, source key order and number spelling, without $schema", async () => {
    const m = await model(
      '{"definitions": {"D": {"$schema": "x", "properties": {"b": {"minimum": 1.0}, "10": {}}, "enum": [], "type": "object"}}}',
    );
    expect(m.definitions[0]!.json).toBe(
      '{\n    "properties": {\n        "b": {\n            "minimum": 1.0\n        },\n        "10": {}\n    },\n    "enum": [],\n    "type": "object"\n}',
    );
  });

  it("shows the root without definitions, $defs and $schema, and describes every root property", async () => {
    const m = await model({
      $schema: "s",
      $defs: { A: {} },
      properties: { a: { $ref: "#/$defs/A" }, b: { type: ["string", "null"] }, c: { oneOf: [] } },
      definitions: {},
    });
    expect(JSON.parse(m.root.json)).toEqual({
      properties: { a: { $ref: "#/$defs/A" }, b: { type: ["string", "null"] }, c: { oneOf: [] } },
    });
    expect(m.root.parameters.map((p) => [p.name, p.type, p.ref?.anchor])).toEqual([
      ["a", "$ref", "a"],
      ["b", "string or null", undefined],
      ["c", "oneOf", undefined],
    ]);
  });

  it("never lets a {{ pair through into the JSON text (Hugo shortcodes), while the value stays the same", async () => {
    const m = await model({ definitions: { D: { description: "{{< x >}} and \u007b\u007b% y %}}" } } });
    const json = m.definitions[0]!.json;
    expect(json).not.toContain("{{");
    expect(JSON.parse(json).description).toBe("{{< x >}} and {{% y %}}");
  });
});
