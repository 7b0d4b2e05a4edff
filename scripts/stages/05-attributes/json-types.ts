/**
 * Stage 5, attributes: the JSON types a value may have, from what its schemas say (`type`, else
 * what their keywords imply), else from what their composition branches say.
 */
import type { ResolvedSchema } from "../02-dereference.js";
import { isObject, type JsonObject } from "../../core/schema-walk.js";
import { asSchema, plainTargets, type Place } from "./places.js";

const JSON_TYPES = ["null", "boolean", "object", "array", "number", "integer", "string"];

/** What the schemas themselves say: `type`, else what their keywords imply (`properties` an object, `items` an array, `enum` its values' types). */
export function ownTypes(schemas: JsonObject[]): string[] {
  const out: string[] = [];
  const add = (t: unknown) => {
    if (typeof t === "string" && !out.includes(t)) out.push(t);
  };
  for (const schema of schemas) {
    if (typeof schema.type === "string") add(schema.type);
    else if (Array.isArray(schema.type)) schema.type.forEach(add);
  }
  if (out.length > 0) return out;
  for (const schema of schemas) {
    if (isObject(schema.properties) || isObject(schema.patternProperties) || "additionalProperties" in schema) add("object");
    if ("items" in schema || "prefixItems" in schema) add("array");
    const values = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
    for (const v of values) add(jsonType(v));
  }
  return out;
}

/**
 * The JSON types a value whose schemas are `places` may have: what they say,
 * else the union of what the branches of their `anyOf`/`oneOf` say (through
 * `$ref`, one level; none when a branch says nothing: it allows any), else
 * what their `allOf` branches say.
 */
export function typesOf(resolved: ResolvedSchema, places: Place[]): string[] {
  const own = ownTypes(places.map((p) => p.schema));
  if (own.length > 0) return own;
  const out: string[] = [];
  let open = false;
  for (const { schema, file } of places)
    for (const k of ["anyOf", "oneOf"])
      for (const b of Array.isArray(schema[k]) ? schema[k] : []) {
        const sub = asSchema(b);
        const said = sub ? ownTypes(plainTargets(resolved, sub, file)) : [];
        if (sub && said.length === 0) open = true;
        for (const t of said) if (!out.includes(t)) out.push(t);
      }
  if (open) return [];
  if (out.length === 0)
    for (const { schema, file } of places)
      for (const b of Array.isArray(schema.allOf) ? schema.allOf : []) {
        const sub = asSchema(b);
        for (const t of sub ? ownTypes(plainTargets(resolved, sub, file)) : []) if (!out.includes(t)) out.push(t);
      }
  return out.filter((t) => JSON_TYPES.includes(t));
}

/** The JSON type of a value, as `type` names it. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v === "object" ? "object" : typeof v;
}
