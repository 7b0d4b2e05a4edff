/**
 * Stage 5, attributes: the schemas that apply to a value, found by following its `$ref`s, and
 * the `$ref` targets already on a path (where the walk stops, so that the list is finite).
 */
import type { ResolvedSchema } from "../dereference.js";
import type { DefinitionIndex } from "../model.js";
import { pointerToken } from "../../core/problems.js";
import { getAtPointer, isObject, type JsonObject } from "../../core/schema-walk.js";

/** A schema object as found: the object (a `true` schema as `{}`), the file it is written in, and its pointer there. */
export interface Place {
  schema: JsonObject;
  file: string;
  pointer: string;
}

/** The `$ref` targets on a path (`file#pointer`), each with the path at which it was entered: a list shared by the paths that continue it. */
export interface OnPath {
  key: string;
  at: string;
  up: OnPath | undefined;
}

/** Where `key` was entered on the path, if it is on it. */
export function enteredAt(list: OnPath | undefined, key: string): string | undefined {
  for (let l = list; l; l = l.up) if (l.key === key) return l.at;
  return undefined;
}

/** A schema as an object: `true` is `{}` (it allows anything); `false` and anything else is no schema a value can meet. */
export function asSchema(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : v === true ? {} : undefined;
}

/** What following a `$ref` reads: the resolved schema and its definitions, each by the place it is written. */
export interface Schemas {
  resolved: ResolvedSchema;
  index: DefinitionIndex;
  /** The definition (its number in `index`) written at each `file#pointer`. */
  definitionAt: Map<string, number>;
}

export function schemasOf(resolved: ResolvedSchema, index: DefinitionIndex): Schemas {
  const definitionAt = new Map<string, number>();
  index.entries.forEach((e, i) => {
    definitionAt.set(`${e.file}#${e.pointer}`, i);
  });
  return { resolved, index, definitionAt };
}

export const keyOf = (p: Place): string => `${p.file}#${p.pointer}`;

/** Adds to the schemas of one value those it does not have yet. */
export function mergePlaces(into: Place[], more: Place[]): void {
  for (const p of more) if (!into.some((q) => keyOf(q) === keyOf(p))) into.push(p);
}

/** A property's schema as a place (undefined for a `false` one, which no value can meet). */
export function propertyPlace({ schema, file, pointer }: Place, name: string): Place | undefined {
  const sub = asSchema((schema.properties as JsonObject)[name]);
  return sub && { schema: sub, file, pointer: `${pointer}/properties/${pointerToken(name)}` };
}

/** A `$ref` to a target already on the path: its key, its definition, and its schema (which still says what type the value is). */
export interface Recursion {
  key: string;
  definition?: number;
  target?: Place;
}

/** What following a schema's `$ref`s found. */
export interface Followed {
  /** The schemas that apply, own first. */
  places: Place[];
  /** The keys of the targets entered, in order. */
  entered: string[];
  /** The first definition the chain went through. */
  definition?: number;
  /** Set when the chain came to a target already on the path (or already in the chain). */
  recursive?: Recursion;
}

/** Follows `$ref`s from a schema: the schemas that apply, own first; stops at a target already on the path. */
export function follow(schemas: Schemas, start: Place, onPath: OnPath | undefined): Followed {
  const { resolved, index, definitionAt } = schemas;
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
    if (entered.includes(key) || enteredAt(onPath, key) !== undefined) {
      // Not entered again; its schema still says what type the value is.
      const schema = asSchema(getAtPointer(resolved.files.get(target.file)?.value, target.pointer));
      const recursive = {
        key,
        definition: targetDefinition,
        ...(schema ? { target: { schema, file: target.file, pointer: target.pointer } } : {}),
      };
      return { places, entered, ...(definition !== undefined ? { definition } : {}), recursive };
    }
    if (targetDefinition !== undefined && definition === undefined) definition = targetDefinition;
    // A boolean target (`"Any": true`) ends the chain: it adds no keyword.
    const value = asSchema(getAtPointer(resolved.files.get(target.file)?.value, target.pointer));
    if (!value) break;
    entered.push(key);
    current = { schema: value, file: target.file, pointer: target.pointer };
    places.push(current);
  }
  return { places, entered, ...(definition !== undefined ? { definition } : {}) };
}

/** Follows `$ref`s from a schema without any path: only to read what a composition branch says (types). */
export function plainTargets(resolved: ResolvedSchema, schema: JsonObject, file: string): JsonObject[] {
  const out = [schema];
  const seen = new Set<string>();
  let current = { schema, file };
  while (typeof current.schema.$ref === "string") {
    const target = resolved.targetOf(current.schema.$ref, current.file);
    const key = `${target.file}#${target.pointer}`;
    const value = asSchema(getAtPointer(resolved.files.get(target.file)?.value, target.pointer));
    if (seen.has(key) || !value) break;
    seen.add(key);
    current = { schema: value, file: target.file };
    out.push(value);
  }
  return out;
}
