/**
 * What the comparison reads off a schema or a JSON value: its type set, its
 * allowed values, its required fields; and how a value is compared and shown.
 */
import { allowedTypes, allowedValues, schemaObject, type JsonType } from "../core/schema-types.js";
import { isObject, type JsonObject } from "../core/schema-walk.js";

export type { JsonType };
export { allowedValues, schemaObject as asSchema };

export function withoutKeys(object: JsonObject, keys: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.has(key)));
}

/**
 * The set of JSON types a schema allows (core/schema-types.ts): its `type`, else its
 * `const`/`enum` values' types; undefined when it says neither (any value).
 */
export function typeSet(schema: JsonObject): Set<JsonType> | undefined {
  const types = allowedTypes(schema);
  return types && new Set(types);
}

/** Does type set `wide` accept every value that `narrow` accepts? (undefined: any value) */
export function accepts(wide: Set<JsonType> | undefined, narrow: Set<JsonType> | undefined): boolean {
  if (wide === undefined) return true;
  if (narrow === undefined) return false;
  return [...narrow].every((type) => wide.has(type) || (type === "integer" && wide.has("number")));
}

/** The types of `types` that `other` does not accept. */
export function typesNotIn(types: Set<JsonType> | undefined, other: Set<JsonType> | undefined): Set<JsonType> | undefined {
  if (types === undefined) return undefined;
  return new Set([...types].filter((type) => !accepts(other, new Set([type]))));
}

const TYPESCRIPT_TYPES: Record<JsonType, string> = {
  string: "string",
  number: "number",
  integer: "number",
  boolean: "boolean",
  object: "object",
  array: "array",
  null: "null",
};

/** The TypeScript type json-schema-to-typescript gives a set of JSON types (roughly: what code sees). */
export function typescriptOf(types: Set<JsonType> | undefined): string {
  if (types === undefined) return "unknown";
  return unique([...types].map((type) => TYPESCRIPT_TYPES[type])).join(" | ");
}

/** A set of JSON types in words: `string or null`, `any`. */
export function typeSetLabel(types: Set<JsonType> | undefined): string {
  return types === undefined ? "any" : [...types].join(" or ");
}

export function valueList(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

export function requiredOf(schema: JsonObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === "string") : []);
}

/** Does the schema describe an object's fields (whatever its `type` says)? */
export function isObjectLike(schema: JsonObject): boolean {
  return isObject(schema.properties) || Array.isArray(schema.required) || "additionalProperties" in schema;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** A value as it shows in a message: JSON, shortened when long. */
export function show(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
