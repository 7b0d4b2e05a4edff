/**
 * Stage 5, attributes: one attribute listed. Its value's schemas are followed through `$ref`,
 * its arrays marked (their items continued when `items` is one schema), and its facts gathered
 * from the schemas in order: the attribute's own first, then the targets of their `$ref`s.
 */
import type { ResolvedSchema } from "../dereference.js";
import type { JsonObject } from "../../core/schema-walk.js";
import { ownTypes, typesOf } from "./json-types.js";
import { asSchema, enteredAt, follow, mergePlaces, plainTargets, type OnPath, type Place, type Recursion, type Schemas } from "./places.js";
import { pathText, type Attribute } from "./types.js";
import { refTo, shownFile, tooManyPaths, type Child, type Listing, type Task, type Walk } from "./walk.js";

/** The value an attribute names, as the walk learns it: its schemas, the `$ref` targets on its path, its definition, and the target on the path it comes back to. */
interface Value {
  /** The attribute's dotted path: where the targets it enters are entered. */
  at: string;
  places: Place[];
  onPath: OnPath;
  definition: number | undefined;
  recursive: Recursion | undefined;
}

/** What the value's arrays make of it: how many levels, and the schemas, types and requiredness of what is inside. */
interface Arrays {
  arrays: number;
  /** The schemas of the innermost value: the items' when they are continued, none for a tuple or any items. */
  valuePlaces: Place[];
  itemPlaces: Place[] | undefined;
  itemTypes: string[] | undefined;
  /** Whether the paths inside it can be required: not through an array that may be empty. */
  childRequired: boolean;
}

/** Lists the attribute whose schemas are `owns` (one name, declared once or more) at `walk`; returns the paths that continue it, as a task. */
export function listAttribute(listing: Listing, { owns, declaredBy }: Child, walk: Walk): Task | undefined {
  if (listing.attributes.length >= listing.max) throw tooManyPaths(listing);
  const { schemas } = listing;
  const at = pathText(walk.segments, false);
  const value = followValue(schemas, owns, walk.onPath, at);
  const targets = value.places.filter((p) => !owns.includes(p));
  const types = typed(schemas.resolved, value.places, value.recursive);
  const { arrays, valuePlaces, itemPlaces, itemTypes, childRequired } = arraysOf(schemas, value, walk.required);
  const { recursive } = value;
  if (recursive && value.definition === undefined) value.definition = recursive.definition;
  const segments = walk.segments.slice();
  if (arrays > 0) segments[segments.length - 1] = { ...segments[segments.length - 1]!, arrays };
  const description =
    firstOf(owns, descriptionOf) ??
    firstOf(targets, descriptionOf) ??
    (itemPlaces ? firstOf(itemPlaces, descriptionOf) : undefined) ??
    (recursive?.target ? descriptionOf(recursive.target.schema) : undefined) ??
    "";
  const format = firstOf(valuePlaces, (s) => (typeof s.format === "string" ? s.format : undefined));
  const values = firstOf(valuePlaces, (s) => ("const" in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined));
  const entry: Attribute = {
    path: at,
    marked: pathText(segments, true),
    segments,
    types,
    description,
    required: walk.required,
    source: { file: shownFile(listing, owns[0]!.file), pointer: owns[0]!.pointer },
  };
  if (itemTypes && itemTypes.length > 0) entry.itemTypes = itemTypes;
  if (format !== undefined) entry.format = format;
  if (values !== undefined) entry.enum = values;
  if (declaredBy !== undefined) entry.declaredBy = refTo(listing, declaredBy);
  if (value.definition !== undefined) entry.definition = refTo(listing, value.definition);
  if (walk.branches.length > 0) entry.branches = walk.branches;
  if (recursive) {
    const first = enteredAt(value.onPath, recursive.key) ?? at;
    entry.recursive = { at: first, ...(recursive.definition !== undefined ? { definition: refTo(listing, recursive.definition) } : {}) };
  }
  listing.attributes.push(entry);
  return recursive
    ? undefined
    : { children: valuePlaces, walk: { segments, required: childRequired, branches: walk.branches, onPath: value.onPath } };
}

/** The schemas of one name, each followed through its `$ref`s and merged: one value. */
function followValue(schemas: Schemas, owns: Place[], onPath: OnPath, at: string): Value {
  const value: Value = { at, places: [], onPath, definition: undefined, recursive: undefined };
  for (const own of owns) {
    const followed = follow(schemas, own, onPath);
    mergePlaces(value.places, followed.places);
    enter(value, followed.entered);
    value.definition ??= followed.definition;
    value.recursive ??= followed.recursive;
  }
  return value;
}

/** Puts the targets a `$ref` chain entered on the value's path, entered at its attribute. */
function enter(value: Value, keys: string[]): void {
  for (const key of keys) value.onPath = { key, at: value.at, up: value.onPath };
}

/** The types of a value, counting the schema of the target on the path it comes back to (not entered, still typed). */
function typed(resolved: ResolvedSchema, places: Place[], recursive: Recursion | undefined): string[] {
  return typesOf(resolved, recursive?.target ? [...places, recursive.target] : places);
}

/**
 * Arrays: the segment is marked once per array level, and the path continues through `items` when it is one schema.
 * A tuple (`items` as a list, `prefixItems`) is marked but not continued: log searches name no position.
 * Only what the value's own schemas say makes it an array: an array in a branch is that branch's, and its items are not continued.
 */
function arraysOf(schemas: Schemas, value: Value, required: boolean): Arrays {
  let arrays = 0;
  let valuePlaces = value.places;
  let itemPlaces: Place[] | undefined;
  let itemTypes: string[] | undefined;
  let childRequired = required;
  while (!value.recursive && ownTypes(valuePlaces.map((p) => p.schema)).includes("array")) {
    arrays++;
    const minItems = firstOf(valuePlaces, (s) => (typeof s.minItems === "number" ? s.minItems : undefined)) ?? 0;
    if (minItems < 1) childRequired = false;
    const holder = valuePlaces.find((p) => "items" in p.schema || "prefixItems" in p.schema);
    const items = holder && !("prefixItems" in holder.schema) ? asSchema(holder.schema.items) : undefined;
    if (!holder || !items) {
      itemTypes = positionTypes(schemas.resolved, holder);
      valuePlaces = [];
      itemPlaces = [];
      break;
    }
    const inner = follow(schemas, { schema: items, file: holder.file, pointer: `${holder.pointer}/items` }, value.onPath);
    enter(value, inner.entered);
    valuePlaces = inner.places;
    itemPlaces = inner.places;
    if (inner.definition !== undefined) value.definition = inner.definition;
    if (inner.recursive) value.recursive = inner.recursive;
    itemTypes = typed(schemas.resolved, inner.places, value.recursive);
  }
  return { arrays, valuePlaces, itemPlaces, itemTypes, childRequired };
}

/** No `items` (any items), `items: false`, or a tuple: its item types are the positions' when each says. */
function positionTypes(resolved: ResolvedSchema, holder: Place | undefined): string[] | undefined {
  const positions = holder ? ((Array.isArray(holder.schema.prefixItems) ? holder.schema.prefixItems : holder.schema.items) as unknown) : [];
  const said = Array.isArray(positions)
    ? positions.map((s) => (asSchema(s) ? ownTypes(plainTargets(resolved, asSchema(s)!, holder!.file)) : []))
    : [];
  return said.length > 0 && said.every((t) => t.length > 0) ? [...new Set(said.flat())] : undefined;
}

/** The first thing `pick` finds in the schemas, in order. */
function firstOf<T>(places: Place[], pick: (s: JsonObject) => T | undefined): T | undefined {
  for (const { schema } of places) {
    const v = pick(schema);
    if (v !== undefined) return v;
  }
  return undefined;
}

const descriptionOf = (s: JsonObject) => (typeof s.description === "string" ? s.description : undefined);
