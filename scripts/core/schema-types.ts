/**
 * The one reading of which JSON types a value of a schema may have. The page's type
 * column, the attribute index and `diff` all read a schema's types here, and each words
 * the answer its own way on top.
 *
 * Three answers, from the strictest:
 * - `declaredTypes`: what `type` says;
 * - `allowedTypes`: what the schema allows by its own keywords: `type`, else the types of
 *   its `const`/`enum` values (a value outside them is rejected whatever its type);
 * - `impliedTypes`: what a schema without `type` is meant for: its shape keywords
 *   (`properties`… an object, `items`… an array) and its values' types.
 */
import { isObject, type JsonObject } from "./schema-walk.js";

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

const TYPE_NAMES: ReadonlySet<string> = new Set<JsonType>(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** Is `value` one of the seven names `type` accepts? */
function isJsonType(value: unknown): value is JsonType {
  return typeof value === "string" && TYPE_NAMES.has(value);
}

/** A schema as an object: `true` accepts any value (`{}`), `false` none (`{ not: {} }`); anything else is read as `{}`. */
export function schemaObject(value: unknown): JsonObject {
  if (isObject(value)) return value;
  return value === false ? { not: {} } : {};
}

/** The JSON type of a value, as `type` names it: a whole number is an `integer`. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return "object";
}

/**
 * The types `type` names, once each, in its order; undefined when the schema has no
 * `type` or it names no JSON type (such a `type` is not valid JSON Schema: it is read as absent).
 */
export function declaredTypes(schema: JsonObject): JsonType[] | undefined {
  const named = Array.isArray(schema.type) ? schema.type : [schema.type];
  const types = unique(named.filter(isJsonType));
  return types.length > 0 ? types : undefined;
}

/** The values `const` or `enum` restrict the schema to (`const` when it has both); undefined when it has neither. */
export function allowedValues(schema: JsonObject): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** The types of the values `const` or `enum` allow, once each, in their order; undefined when it has neither. */
export function valueTypes(schema: JsonObject): JsonType[] | undefined {
  const values = allowedValues(schema);
  return values && unique(values.map(jsonTypeOf));
}

/**
 * The types a value of the schema may have by what it says itself: `type`, else the types
 * of its `const`/`enum` values; undefined when it says neither (any type). A `false`
 * schema allows none. Composition (`anyOf`…) and `$ref` are the caller's to follow.
 */
export function allowedTypes(schema: unknown): JsonType[] | undefined {
  if (schema === false) return [];
  const object = schemaObject(schema);
  return declaredTypes(object) ?? valueTypes(object);
}

/** The types a schema's shape keywords imply: `object` for `properties`, `patternProperties` or `additionalProperties`; `array` for `items` or `prefixItems`. */
export function shapeTypes(schema: JsonObject): JsonType[] {
  const types: JsonType[] = [];
  if (isObject(schema.properties) || isObject(schema.patternProperties) || "additionalProperties" in schema) types.push("object");
  if ("items" in schema || "prefixItems" in schema) types.push("array");
  return types;
}

/** What a schema without `type` is meant for: the types its shape keywords imply, then its values' types, once each. */
export function impliedTypes(schema: JsonObject): JsonType[] {
  return unique([...shapeTypes(schema), ...(valueTypes(schema) ?? [])]);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
