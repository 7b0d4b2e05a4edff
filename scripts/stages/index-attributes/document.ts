/**
 * Stage 5, attributes: the index as its JSON file holds it (`attributes.schema.json` describes
 * it), one attribute per line.
 */
import { escapeInvisible } from "../../core/invisible.js";
import type { AttributeIndex } from "./types.js";

/** One attribute as the JSON file holds it: definitions by name (their anchors belong to a page). */
interface AttributeRecord {
  path: string;
  marked: string;
  segments: { name: string; wildcard?: { pattern?: string }; arrays?: number }[];
  types: string[];
  itemTypes?: string[];
  format?: string;
  enum?: unknown[];
  description: string;
  required: boolean;
  declaredBy?: string;
  definition?: string;
  branches?: string[];
  recursive?: { definition?: string; at: string };
  source: { file: string; pointer: string };
}

/** The attribute index as its JSON file holds it (`attributes.schema.json` describes it). */
export interface AttributesDocument {
  /** The schema's file name (no folder: the file travels). */
  schema: string;
  /** The root type's name in the generated types. */
  rootType: string;
  /** How many attributes follow. */
  count: number;
  attributes: AttributeRecord[];
}

/** The JSON form of the index, keys in a fixed order. */
export function attributesDocument(index: AttributeIndex, about: { schema: string; rootType: string }): AttributesDocument {
  return {
    schema: about.schema,
    rootType: about.rootType,
    count: index.attributes.length,
    attributes: index.attributes.map((a) => {
      // Built key by key: the JSON keeps this order.
      const r = {
        path: a.path,
        marked: a.marked,
        segments: a.segments.map((s) => ({
          name: s.name,
          ...(s.wildcard ? { wildcard: s.wildcard.pattern === undefined ? {} : { pattern: s.wildcard.pattern } } : {}),
          ...(s.arrays > 0 ? { arrays: s.arrays } : {}),
        })),
        types: a.types,
      } as AttributeRecord;
      if (a.itemTypes) r.itemTypes = a.itemTypes;
      if (a.format !== undefined) r.format = a.format;
      if (a.enum) r.enum = a.enum;
      r.description = a.description;
      r.required = a.required;
      if (a.declaredBy) r.declaredBy = a.declaredBy.name;
      if (a.definition) r.definition = a.definition.name;
      if (a.branches) r.branches = a.branches;
      if (a.recursive) r.recursive = { ...(a.recursive.definition ? { definition: a.recursive.definition.name } : {}), at: a.recursive.at };
      r.source = a.source;
      return r;
    }),
  };
}

/**
 * The JSON file's text: one attribute per line, so that a change to one path is
 * a one-line diff and `grep` finds it; one trailing newline.
 */
export function attributesJson(document: AttributesDocument): string {
  const { attributes, ...head } = document;
  // JSON.stringify leaves DEL, C1 controls, U+2028/2029, bidi controls and BOMs as they are: written as `\uXXXX`, the
  // file means the same to a JSON parser and shows nothing hidden in an editor, a terminal or a diff.
  const json = (v: unknown) => escapeInvisible(JSON.stringify(v));
  const fields = Object.entries(head).map(([k, v]) => `  ${json(k)}: ${json(v)},`);
  const rows = attributes.map((a, i) => `    ${json(a)}${i < attributes.length - 1 ? "," : ""}`);
  return [
    "{",
    ...fields,
    rows.length === 0 ? '  "attributes": []' : '  "attributes": [',
    ...(rows.length === 0 ? [] : [...rows, "  ]"]),
    "}",
    "",
  ].join("\n");
}
