/**
 * Ajv checks a meta-schema's `"uniqueItems": true` by comparing every pair of
 * items when they may be of any type, as `enum` values are: a 100,000-value
 * enum took minutes. For meta-schema validation, long enums are cut to their
 * first values, and their duplicates are found here instead, in linear time.
 */
import { walkSchemas, type Path } from "./schema-walk.js";
import { canonicalJson } from "./canonical-json.js";

/** Enums longer than this are cut for the meta-schema (and checked for duplicates here). */
const LONG = 64;

export interface EnumDuplicate {
  /** Path of the schema holding the enum. */
  path: Path;
  /** Index of the value that repeats an earlier one, and of that earlier one. */
  index: number;
  first: number;
}

/** `schema` as it is when no enum is long; else a copy with long enums cut short, and the duplicates they held. */
export function shortenEnums(schema: unknown): { schema: unknown; duplicates: EnumDuplicate[] } {
  let long = false;
  walkSchemas(schema, ({ schema: s }) => {
    if (Array.isArray(s.enum) && s.enum.length > LONG) long = true;
  });
  if (!long) return { schema, duplicates: [] };
  const copy = structuredClone(schema);
  const duplicates: EnumDuplicate[] = [];
  walkSchemas(copy, ({ schema: s, path }) => {
    if (!Array.isArray(s.enum) || s.enum.length <= LONG) return;
    const seen = new Map<string, number>();
    s.enum.forEach((value, index) => {
      const key = canonicalJson(value);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else duplicates.push({ path, index, first });
    });
    s.enum = s.enum.slice(0, LONG);
  });
  return { schema: copy, duplicates };
}
