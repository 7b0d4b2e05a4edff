/**
 * The one reading of a schema's JSON types (scripts/core/schema-types.ts), and the page, the
 * attribute index and `diff`, which all read a schema's types through it.
 */
import { describe, expect, it } from "vitest";
import {
  allowedTypes,
  allowedValues,
  declaredTypes,
  impliedTypes,
  jsonTypeOf,
  schemaObject,
  shapeTypes,
  valueTypes,
} from "../../../scripts/core/schema-types.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { buildModel, indexDefinitions, pageAnchors, typeLabel } from "../../../scripts/stages/model.js";
import { indexAttributes } from "../../../scripts/stages/index-attributes.js";
import { diffSchemas } from "../../../scripts/diff/compare.js";

describe("schema types: what `type` says", () => {
  it("reads a name and an array of names, once each, in order", () => {
    expect(declaredTypes({ type: "string" })).toEqual(["string"]);
    expect(declaredTypes({ type: ["integer", "null", "integer"] })).toEqual(["integer", "null"]);
  });

  it("reads nullable as `null` among the names", () => {
    expect(declaredTypes({ type: ["string", "null"] })).toEqual(["string", "null"]);
    expect(allowedTypes({ type: ["string", "null"], enum: ["a", null] })).toEqual(["string", "null"]);
  });

  it("leaves out what is not a JSON type name, and reads a `type` with none as absent", () => {
    expect(declaredTypes({ type: ["string", 3, "strin"] })).toEqual(["string"]);
    expect(declaredTypes({ type: "strin" })).toBeUndefined();
    expect(declaredTypes({ type: [] })).toBeUndefined();
  });

  it("is undefined without `type`", () => {
    expect(declaredTypes({})).toBeUndefined();
    expect(declaredTypes({ enum: ["a"] })).toBeUndefined();
  });
});

describe("schema types: the values `const` and `enum` allow", () => {
  it("names a value's type as `type` does: a whole number is an integer", () => {
    expect(["a", 1, 1.5, true, null, [], {}].map(jsonTypeOf)).toEqual([
      "string",
      "integer",
      "number",
      "boolean",
      "null",
      "array",
      "object",
    ]);
  });

  it("reads `const` before `enum`, and `const: null` as a value", () => {
    expect(allowedValues({ const: null, enum: [1] })).toEqual([null]);
    expect(valueTypes({ const: null })).toEqual(["null"]);
    expect(allowedValues({})).toBeUndefined();
    expect(valueTypes({ enum: "a" })).toBeUndefined();
  });

  it("gives an enum of mixed values each of its values' types, once, in order", () => {
    expect(valueTypes({ enum: ["a", 1, "b", null, 2.5, false, { k: 1 }, [1]] })).toEqual([
      "string",
      "integer",
      "null",
      "number",
      "boolean",
      "object",
      "array",
    ]);
  });
});

describe("schema types: what a value may have", () => {
  it("is `type`, else the values' types, else any (undefined)", () => {
    expect(allowedTypes({ type: "string", enum: ["a", 1] })).toEqual(["string"]);
    expect(allowedTypes({ enum: ["a"] })).toEqual(["string"]);
    expect(allowedTypes({ const: 1 })).toEqual(["integer"]);
    expect(allowedTypes({ description: "no type" })).toBeUndefined();
    expect(allowedTypes({ properties: { a: {} } })).toBeUndefined();
  });

  it("reads boolean schemas: `true` allows any type, `false` none", () => {
    expect(allowedTypes(true)).toBeUndefined();
    expect(allowedTypes(false)).toEqual([]);
    expect(schemaObject(true)).toEqual({});
    expect(schemaObject(false)).toEqual({ not: {} });
    expect(impliedTypes(schemaObject(false))).toEqual([]);
  });

  it("implies an object from `properties`, `patternProperties` or `additionalProperties`, an array from `items` or `prefixItems`", () => {
    expect(shapeTypes({ properties: {} })).toEqual(["object"]);
    expect(shapeTypes({ patternProperties: {} })).toEqual(["object"]);
    expect(shapeTypes({ additionalProperties: false })).toEqual(["object"]);
    expect(shapeTypes({ items: true })).toEqual(["array"]);
    expect(shapeTypes({ prefixItems: [] })).toEqual(["array"]);
    expect(shapeTypes({ properties: {}, items: {} })).toEqual(["object", "array"]);
    expect(shapeTypes({ required: ["a"] })).toEqual([]);
  });

  it("implies, without `type`, the shape's types then the values' types", () => {
    expect(impliedTypes({ items: {}, enum: [["a"], "b"] })).toEqual(["array", "string"]);
    expect(impliedTypes({})).toEqual([]);
  });
});

/** The schema as the file /virtual/s.json, dereferenced. */
function resolve(schema: unknown) {
  return dereferenceSchema(parseJsonText("/virtual/s.json", JSON.stringify(schema)));
}

const root = (properties: Record<string, unknown>) => ({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties });

describe("schema types: the page, the index and diff read the same types", () => {
  it("the page's label reads `patternProperties` as an object, as the index does", async () => {
    const resolved = await resolve(root({ p: { description: "p", patternProperties: { x: {} } } }));
    const index = indexDefinitions(resolved);
    const attributes = indexAttributes(resolved, index, pageAnchors(index).definitions).attributes;
    expect(attributes.find((a) => a.path === "p")?.types).toEqual(["object"]);
    expect(buildModel(resolved).root.parameters.map((f) => f.type)).toEqual(["object"]);
  });

  it("the page's label names every type the shape implies, as the index does", () => {
    expect(typeLabel({ properties: {}, items: {} })).toBe("object or array");
    expect(typeLabel({ prefixItems: [] })).toBe("array");
  });

  it("the page keeps its own words: `$ref`, the composition keyword, `const`, `enum`, `any`", () => {
    expect(typeLabel({ $ref: "#/definitions/A", type: "string" })).toBe("$ref");
    expect(typeLabel({ type: ["string", "null"] })).toBe("string or null");
    expect(typeLabel({ anyOf: [], enum: ["a"] })).toBe("anyOf");
    expect(typeLabel({ const: "a", enum: ["a"] })).toBe("const");
    expect(typeLabel({ enum: ["a"] })).toBe("enum");
    expect(typeLabel({})).toBe("any");
  });

  it("diff reads an enum's values' types: `enum: [\"x\"]` to `type: string` and back is no type change", async () => {
    const oldInput = { label: "old", resolved: await resolve(root({ a: { enum: ["x"] }, b: { type: "string" }, c: { type: "integer" } })) };
    const newInput = { label: "new", resolved: await resolve(root({ a: { type: "string" }, b: { enum: ["x"] }, c: { enum: [1, 2] } })) };
    expect(diffSchemas(oldInput, newInput).changes.map((c) => c.message)).toEqual([
      'root field `a`: no longer restricted to `"x"`',
      'root field `b`: now restricted to `"x"`',
      "root field `c`: now restricted to `1, 2`",
    ]);
  });

  it("diff names the types that are lost when an enum of mixed values becomes one `type`", async () => {
    const oldInput = { label: "old", resolved: await resolve(root({ a: { enum: ["x", 1] } })) };
    const newInput = { label: "new", resolved: await resolve(root({ a: { type: "string" } })) };
    const narrowed = diffSchemas(oldInput, newInput).changes.find((c) => c.kind === "type-narrowed");
    expect(narrowed?.message).toBe('root field `a`: type narrowed from `one of "x", 1` to `string`');
    expect(narrowed?.reason).toBe("values of type `integer`, valid before, are now rejected");
  });

  it("diff leaves enums without `type` on either side to the comparison of their values", async () => {
    const oldInput = { label: "old", resolved: await resolve(root({ a: { enum: ["x"] }, b: { enum: [1] } })) };
    const newInput = { label: "new", resolved: await resolve(root({ a: {}, b: { enum: ["y"] } })) };
    expect(diffSchemas(oldInput, newInput).changes.map((c) => c.message)).toEqual([
      'root field `a`: no longer restricted to `"x"`',
      'root field `b`: enum values changed from `1` to `"y"`',
    ]);
  });

  it("diff names a schema without `type` by what its shape implies, as the page and the index do", async () => {
    const oldInput = { label: "old", resolved: await resolve(root({ p: { patternProperties: { x: {} } }, r: { required: ["a"] } })) };
    const newInput = { label: "new", resolved: await resolve(root({ p: { type: "string" }, r: { type: "string" } })) };
    const typeChanges = diffSchemas(oldInput, newInput).changes.filter((c) => c.kind === "type-narrowed");
    expect(typeChanges.map((c) => c.message)).toEqual([
      "root field `p`: type narrowed from `object` to `string`",
      "root field `r`: type narrowed from `any` to `string`",
    ]);
  });
});
