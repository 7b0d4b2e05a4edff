/**
 * Stage 5, attributes: every attribute path an event can carry, flattened from
 * the root (`process.ancestors.file.path`), the way log searches, facets and
 * detection rules name them.
 *
 * - A property adds a segment; `additionalProperties` and `patternProperties`
 *   add a wildcard segment (`*`).
 * - An array is marked on its segment (`process.ancestors[]`) and the paths of
 *   its items continue through it, as log attributes do.
 * - `$ref`s are followed. A `$ref` to a schema already on the path (a
 *   definition reachable from itself) ends the path there with a `recursive`
 *   mark that names the definition: the list is finite, and no path goes
 *   through one definition twice. A definition shared by several places is
 *   listed under each of them.
 * - `allOf`/`anyOf`/`oneOf` (and `then`/`else`) contribute every branch's
 *   paths, each marked with the branches it went through.
 *
 * Facts only, in schema order: how they are escaped and laid out is the
 * render stage's, the command line's and the JSON output's business.
 */
import { relative, dirname, sep } from "node:path";
import type { ResolvedSchema } from "./02-dereference.js";
import { propertyOrder, type DefinitionIndex, type PageModel, type Reference } from "./04-model.js";
import { DocgenError, pointerToken, pointerTokens } from "../core/problems.js";
import { getAtPointer, isObject, type JsonObject } from "../core/schema-walk.js";
import { nodeAt } from "../core/json-position.js";

/** One step of an attribute path. */
export interface Segment {
  /** A property name, or `*` for a wildcard (when `wildcard` is set). */
  name: string;
  /** Set on a wildcard segment: any name (`additionalProperties`), or the names a `patternProperties` pattern matches. */
  wildcard?: { pattern?: string };
  /** How many arrays the path goes through at this segment: each is written `[]` after the name. */
  arrays: number;
}

export interface Attribute {
  /** The path as log searches write it: the segments' names joined by dots (`process.ancestors.file.path`; `*` for a wildcard). */
  path: string;
  /** The same path with every array marked: `process.ancestors[].file.path`. */
  marked: string;
  /** The steps of the path: unambiguous where a name holds a dot. */
  segments: Segment[];
  /** The JSON types its value may have (for an array: `array`), in schema order; empty when the schema allows any. */
  types: string[];
  /** For an array: the JSON types of its items (innermost array's), when the schema says. */
  itemTypes?: string[];
  /** `format`, when the value (or an array's items) has one. */
  format?: string;
  /** The values it may take (`enum`, or `const` as one value), when the schema lists them. */
  enum?: unknown[];
  /** The property's own description, else the description of the definition its value is (may be empty). */
  description: string;
  /** The definition whose properties declare it; absent when the root or an inline schema does. */
  declaredBy?: Reference;
  /** The definition its value is (or, for an array, its items are), through `$ref`. */
  definition?: Reference;
  /** Present at every step from the root: each segment is in its parent's `required`, outside any branch and wildcard. */
  required: boolean;
  /** The composition branches the path went through, outermost first (`oneOf[1]`, `allOf[0]`, `then`). Absent when none. */
  branches?: string[];
  /**
   * The path stops here: its value is a schema already on the path (a definition
   * reachable from itself). Its paths are those listed at `at`.
   */
  recursive?: { definition?: Reference; at: string };
  /** Where its schema is written: the file (relative to the root schema's folder) and the JSON pointer in it. */
  source: { file: string; pointer: string };
}

export interface AttributeIndex {
  /** Every attribute path, depth first in schema order (each path before the paths that continue it). */
  attributes: Attribute[];
}

export interface AttributeOptions {
  /** The most paths a schema may give (default 100,000): past it the stage refuses the schema rather than list them all. */
  maxAttributes?: number;
}

export const MAX_ATTRIBUTES = 100_000;

/** A schema object as found: the object, the file it is written in, and its pointer there. */
interface Place {
  schema: JsonObject;
  file: string;
  pointer: string;
}

/** Where a walk is: the path so far, and what every step had in common. */
interface Walk {
  segments: Segment[];
  required: boolean;
  branches: string[];
  /** `file#pointer` of every `$ref` target on the path, with the path at which each was entered. */
  onPath: Map<string, string>;
}

const BRANCH_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;
const JSON_TYPES = ["null", "boolean", "object", "array", "number", "integer", "string"];

export function indexAttributes(
  resolved: ResolvedSchema,
  index: DefinitionIndex,
  model: PageModel,
  options: AttributeOptions = {},
): AttributeIndex {
  const max = options.maxAttributes ?? MAX_ATTRIBUTES;
  const rootFile = [...resolved.files.keys()][0]!;
  const rootFolder = dirname(rootFile);
  const shownFile = (file: string) =>
    file === rootFile ? resolved.root.file.split(sep).pop()! : relative(rootFolder, file).split(sep).join("/");
  const refTo = (i: number): Reference => ({ name: index.entries[i]!.name, anchor: model.definitions[i]!.anchor });
  const definitionAt = new Map<string, number>();
  index.entries.forEach((e, i) => {
    definitionAt.set(`${e.file}#${e.pointer}`, i);
  });
  const attributes: Attribute[] = [];

  /** Follows `$ref`s from a schema: the schemas that apply, own first; stops at a target already on the path. */
  const follow = (
    start: Place,
    walk: Walk,
  ): { places: Place[]; entered: string[]; definition?: number; recursive?: { key: string; definition?: number } } => {
    const places: Place[] = [start];
    const entered: string[] = [];
    let definition: number | undefined;
    let current = start;
    for (;;) {
      const ref = current.schema.$ref;
      if (typeof ref !== "string") break;
      const target = resolved.targetOf(ref, current.file);
      const key = `${target.file}#${target.pointer}`;
      const targetDefinition = definitionAt.get(key) ?? index.lookup(ref, current.file);
      if (walk.onPath.has(key) || entered.includes(key)) {
        return { places, entered, ...(definition !== undefined ? { definition } : {}), recursive: { key, definition: targetDefinition } };
      }
      const value = getAtPointer(resolved.files.get(target.file)?.value, target.pointer);
      if (!isObject(value)) break;
      entered.push(key);
      if (targetDefinition !== undefined && definition === undefined) definition = targetDefinition;
      current = { schema: value, file: target.file, pointer: target.pointer };
      places.push(current);
    }
    return { places, entered, ...(definition !== undefined ? { definition } : {}) };
  };

  const typesOf = (places: Place[]): string[] => {
    const out: string[] = [];
    const add = (t: unknown) => {
      if (typeof t === "string" && !out.includes(t)) out.push(t);
    };
    for (const { schema } of places) {
      if (typeof schema.type === "string") add(schema.type);
      else if (Array.isArray(schema.type)) schema.type.forEach(add);
    }
    if (out.length > 0) return out;
    for (const { schema } of places) {
      if (isObject(schema.properties) || isObject(schema.patternProperties) || isObject(schema.additionalProperties)) add("object");
      if ("items" in schema || "prefixItems" in schema) add("array");
      const values = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
      for (const v of values) add(jsonType(v));
    }
    if (out.length > 0) return out;
    // Alternatives: the union of what their branches say (one level).
    for (const { schema } of places)
      for (const k of ["anyOf", "oneOf"])
        for (const b of Array.isArray(schema[k]) ? schema[k] : [])
          if (isObject(b)) {
            if (typeof b.type === "string") add(b.type);
            else if (Array.isArray(b.type)) b.type.forEach(add);
          }
    return out.filter((t) => JSON_TYPES.includes(t));
  };

  const firstOf = <T>(places: Place[], pick: (s: JsonObject) => T | undefined): T | undefined => {
    for (const { schema } of places) {
      const v = pick(schema);
      if (v !== undefined) return v;
    }
    return undefined;
  };

  const pathText = (segments: Segment[], marked: boolean) => segments.map((s) => s.name + (marked ? "[]".repeat(s.arrays) : "")).join(".");

  /** Lists the attribute whose schema is `own` at `walk`, then the paths that continue it. */
  const attribute = (own: Place, walk: Walk, declaredBy: number | undefined): void => {
    if (attributes.length >= max) {
      throw new DocgenError([
        {
          file: resolved.root.file,
          message: `the schema gives more than ${max.toLocaleString("en-US")} attribute paths (definitions shared along long chains multiply them)`,
          hint: "leave the attribute index out of this page's config (no `attributes` file, no attributes template), or share fewer definitions along deep chains",
        },
      ]);
    }
    const at = pathText(walk.segments, false);
    const followed = follow(own, walk);
    let places = followed.places;
    const onPath = new Map(walk.onPath);
    for (const key of followed.entered) onPath.set(key, at);
    let definition = followed.definition;
    let recursive = followed.recursive;
    const types = typesOf(places);
    // Arrays: the path continues through their items (`items` as one schema).
    let arrays = 0;
    let itemPlaces: Place[] | undefined;
    let itemTypes: string[] | undefined;
    while (!recursive) {
      const items = firstOf(places, (s) => (isObject(s.items) ? s : undefined));
      if (!items || !(typesOf(places).includes("array") || types.length === 0)) break;
      const start = places.find((p) => p.schema === items)!;
      const inner = follow({ schema: items.items as JsonObject, file: start.file, pointer: `${start.pointer}/items` }, { ...walk, onPath });
      for (const key of inner.entered) onPath.set(key, at);
      arrays++;
      places = inner.places;
      itemPlaces = places;
      itemTypes = typesOf(places);
      if (inner.definition !== undefined) definition = inner.definition;
      if (inner.recursive) recursive = inner.recursive;
    }
    const segments = walk.segments.slice();
    if (arrays > 0) segments[segments.length - 1] = { ...segments[segments.length - 1]!, arrays };
    const valuePlaces = itemPlaces ?? followed.places;
    const ownDescription = typeof own.schema.description === "string" ? own.schema.description : undefined;
    const description =
      ownDescription ??
      firstOf(followed.places.slice(1), (s) => (typeof s.description === "string" ? s.description : undefined)) ??
      (itemPlaces ? firstOf(itemPlaces, (s) => (typeof s.description === "string" ? s.description : undefined)) : undefined) ??
      "";
    const format = firstOf(valuePlaces, (s) => (typeof s.format === "string" ? s.format : undefined));
    const values = firstOf(valuePlaces, (s) => ("const" in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined));
    const entry: Attribute = {
      path: pathText(segments, false),
      marked: pathText(segments, true),
      segments,
      types,
      description,
      required: walk.required,
      source: { file: shownFile(own.file), pointer: own.pointer },
    };
    if (itemTypes && itemTypes.length > 0) entry.itemTypes = itemTypes;
    if (format !== undefined) entry.format = format;
    if (values !== undefined) entry.enum = values;
    if (declaredBy !== undefined) entry.declaredBy = refTo(declaredBy);
    if (definition !== undefined) entry.definition = refTo(definition);
    if (walk.branches.length > 0) entry.branches = walk.branches;
    if (recursive) {
      const first = walk.onPath.get(recursive.key) ?? onPath.get(recursive.key) ?? "";
      entry.recursive = { at: first, ...(recursive.definition !== undefined ? { definition: refTo(recursive.definition) } : {}) };
    }
    attributes.push(entry);
    if (!recursive) children(places, { segments, required: walk.required, branches: walk.branches, onPath });
  };

  /** The paths inside an object value whose schemas are `places` (one value: they all apply). */
  const children = (places: Place[], walk: Walk): void => {
    for (const place of places) {
      const { schema, file, pointer } = place;
      const declaredBy = definitionAt.get(`${file}#${pointer}`);
      if (isObject(schema.properties)) {
        const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : []);
        for (const name of propertyOrder(schema.properties, () => {
          const tree = resolved.files.get(file)?.tree;
          return tree && nodeAt(tree, pointerTokens(pointer));
        })) {
          const sub = schema.properties[name];
          if (!isObject(sub)) continue;
          attribute(
            { schema: sub, file, pointer: `${pointer}/properties/${pointerToken(name)}` },
            { ...walk, segments: [...walk.segments, { name, arrays: 0 }], required: walk.required && required.has(name) },
            declaredBy,
          );
        }
      }
      if (isObject(schema.patternProperties))
        for (const pattern of Object.keys(schema.patternProperties)) {
          const sub = schema.patternProperties[pattern];
          if (!isObject(sub)) continue;
          attribute(
            { schema: sub, file, pointer: `${pointer}/patternProperties/${pointerToken(pattern)}` },
            { ...walk, segments: [...walk.segments, { name: "*", wildcard: { pattern }, arrays: 0 }], required: false },
            declaredBy,
          );
        }
      if (isObject(schema.additionalProperties))
        attribute(
          { schema: schema.additionalProperties, file, pointer: `${pointer}/additionalProperties` },
          { ...walk, segments: [...walk.segments, { name: "*", wildcard: {}, arrays: 0 }], required: false },
          declaredBy,
        );
      const branch = (sub: unknown, label: string, subPointer: string) => {
        if (!isObject(sub)) return;
        const followed = follow({ schema: sub, file, pointer: subPointer }, walk);
        if (followed.recursive) return;
        const onPath = new Map(walk.onPath);
        for (const key of followed.entered) onPath.set(key, pathText(walk.segments, false));
        children(followed.places, { ...walk, required: false, branches: [...walk.branches, label], onPath });
      };
      for (const k of BRANCH_KEYWORDS)
        if (Array.isArray(schema[k]))
          (schema[k] as unknown[]).forEach((sub, i) => {
            branch(sub, `${k}[${i}]`, `${pointer}/${k}/${i}`);
          });
      for (const k of ["then", "else"]) if (isObject(schema[k])) branch(schema[k], k, `${pointer}/${k}`);
    }
  };

  const root: Place = { schema: isObject(resolved.root.value) ? resolved.root.value : {}, file: rootFile, pointer: "" };
  const rootFollowed = follow(root, { segments: [], required: true, branches: [], onPath: new Map([[`${rootFile}#`, ""]]) });
  const onPath = new Map([[`${rootFile}#`, ""]]);
  for (const key of rootFollowed.entered) onPath.set(key, "");
  if (!rootFollowed.recursive) children(rootFollowed.places, { segments: [], required: true, branches: [], onPath });
  return { attributes };
}

/** The JSON type of a value, as `type` names it. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v === "object" ? "object" : typeof v;
}

/** One attribute as the JSON file holds it: definitions by name (their anchors belong to a page). */
export interface AttributeRecord {
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
  const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const rows = attributes.map((a, i) => `    ${JSON.stringify(a)}${i < attributes.length - 1 ? "," : ""}`);
  return [
    "{",
    ...fields,
    rows.length === 0 ? '  "attributes": []' : '  "attributes": [',
    ...(rows.length === 0 ? [] : [...rows, "  ]"]),
    "}",
    "",
  ].join("\n");
}
