/**
 * Stage 5, attributes: the JSON types a value may have, from what its schemas say (`type`, else
 * what their keywords imply), else from what their composition branches say.
 */
import type { ResolvedSchema } from "../dereference.js";
import { declaredTypes, impliedTypes, type JsonType } from "../../core/schema-types.js";
import type { JsonObject } from "../../core/schema-walk.js";
import { asSchema, plainTargets, type Place } from "./places.js";

/**
 * What the schemas themselves say (the one reading in core/schema-types.ts): their `type`,
 * else what their keywords imply (`properties` an object, `items` an array, `enum` its values' types).
 */
export function ownTypes(schemas: JsonObject[]): JsonType[] {
  const declared = unique(schemas.flatMap((schema) => declaredTypes(schema) ?? []));
  return declared.length > 0 ? declared : unique(schemas.flatMap(impliedTypes));
}

/**
 * The JSON types a value whose schemas are `places` may have: what they say,
 * else the union of what the branches of their `anyOf`/`oneOf` say (through
 * `$ref`, one level; none when a branch says nothing: it allows any), else
 * what their `allOf` branches say.
 */
export function typesOf(resolved: ResolvedSchema, places: Place[]): JsonType[] {
  const own = ownTypes(places.map((p) => p.schema));
  if (own.length > 0) return own;
  const out: JsonType[] = [];
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
  return out;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
