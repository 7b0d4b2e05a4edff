/**
 * A schema-aware walk: visits every subschema of a JSON Schema (drafts 04 to
 * 2020-12) with its path, and knows which keywords hold schemas, which hold maps
 * of named schemas (so a property called "$ref" is a name, not a reference) and
 * which hold plain data (enum, const, default, examples) that must not be read
 * as schema at all.
 */

export type JsonObject = { [key: string]: unknown };
export type Path = (string | number)[];

/** Keywords whose value is one schema. */
export const SINGLE_SCHEMA_KEYWORDS: readonly string[] = [
  "additionalProperties",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "propertyNames",
  "contentSchema",
];
/** Keywords whose value is an array of schemas. */
export const SCHEMA_LIST_KEYWORDS: readonly string[] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** The keywords that hold a schema's definitions (`definitions` to draft 07, `$defs` from 2019-09; either is read in any draft). */
export const DEFINITION_KEYWORDS: readonly string[] = ["definitions", "$defs"];
/** Keywords whose value is an object mapping names to schemas. */
export const NAME_MAP_KEYWORDS: readonly string[] = ["properties", "patternProperties", ...DEFINITION_KEYWORDS, "dependentSchemas"];

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface SubschemaVisit {
  schema: JsonObject;
  path: Path;
}

/**
 * Calls `visit` for `schema` and each of its subschemas, depth first, in key
 * order. Boolean schemas (`true`/`false`) are not visited. The walk is iterative,
 * so no input depth can overflow the stack.
 */
export function walkSchemas(schema: unknown, visit: (v: SubschemaVisit) => void, basePath: Path = []): void {
  const stack: { node: unknown; path: Path }[] = [{ node: schema, path: basePath }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (!isObject(node)) continue;
    visit({ schema: node, path });
    const children = childSchemas(node, path);
    // Reverse so that popping visits in key order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The subschemas directly inside `node` (booleans too), in key order, each with its path (`path` and then one or two steps). */
export function childSchemas(node: JsonObject, path: Path = []): { node: unknown; path: Path }[] {
  const children: { node: unknown; path: Path }[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (SINGLE_SCHEMA_KEYWORDS.includes(key)) {
      children.push({ node: value, path: [...path, key] });
    } else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) {
      value.forEach((item, i) => {
        children.push({ node: item, path: [...path, key, i] });
      });
    } else if (NAME_MAP_KEYWORDS.includes(key) && isObject(value)) {
      for (const name of Object.keys(value)) children.push({ node: value[name], path: [...path, key, name] });
    } else if (key === "items") {
      if (Array.isArray(value))
        value.forEach((item, i) => {
          children.push({ node: item, path: [...path, key, i] });
        });
      else children.push({ node: value, path: [...path, key] });
    } else if (key === "dependencies" && isObject(value)) {
      for (const name of Object.keys(value)) if (isObject(value[name])) children.push({ node: value[name], path: [...path, key, name] });
    }
  }
  return children;
}

/** Follows a JSON pointer (RFC 6901) into a value; undefined when it leads nowhere. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/** What kind of JSON value this is, in words for a message ("an array", "a string", "null"). */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (isObject(v)) return "an object";
  return `a ${typeof v}`;
}

/** `decodeURIComponent`, or the text as it is when it is not a valid escape sequence. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
