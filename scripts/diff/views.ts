/**
 * How the comparison sees one schema: its definitions by name, how a `$ref` is
 * named, who refers to a definition, how a place shows as a pointer, its
 * attribute paths, and a short name for the type a schema describes.
 */
import { basename, dirname, relative } from "node:path";
import type { ResolvedSchema } from "../stages/dereference.js";
import { draftOf, rootDraftOf, type Draft } from "../core/drafts.js";
import { pointerOf, pointerTokens } from "../core/problems.js";
import { declaredTypes, shapeTypes } from "../core/schema-types.js";
import { getAtPointer, isObject, type JsonObject } from "../core/schema-walk.js";
import { indexDefinitions, pageAnchors, type DefinitionIndex } from "../stages/model.js";
import { indexAttributes, type Attribute } from "../stages/index-attributes.js";
import type { Rich } from "./rich-text.js";
import { allowedValues, valueList } from "./schema-values.js";

/** A place in one of a schema's files: the file and the path of keys inside it. */
export interface FilePlace {
  file: string;
  path: (string | number)[];
}

interface ViewedDefinition {
  value: unknown;
  where: FilePlace;
}

export interface SchemaView {
  rootFile: string;
  rootValue: JsonObject;
  /** Definitions by name, in schema order. */
  definitions: Map<string, ViewedDefinition>;
  /** The definition a `$ref` written in `file` points to, by name; or the reference itself when it points elsewhere. */
  refName(ref: string, file: string): string;
  /** Where a definition is referred to from, outside itself: definition names, or "the root schema". */
  referrers(name: string): Rich[];
  /** How a place shows in a change's pointer. */
  pointer(place: FilePlace): string;
  /** Every attribute path an event can carry (stage 5), worked out when first asked for. */
  attributes(): Attribute[];
  /** The draft a file is read in: its own `$schema`, else the root's draft (as the validate stage reads it). */
  draft(file: string): Draft;
}

export function viewSchema(resolved: ResolvedSchema): SchemaView {
  const index: DefinitionIndex = indexDefinitions(resolved);
  const rootFile = resolved.rootFile;
  const rootValue = isObject(resolved.root.value) ? resolved.root.value : {};
  const names = definitionNames(index);
  const definitions = new Map(names.map((name, position) => [name, viewedDefinition(resolved, index, position)]));
  const folder = dirname(rootFile);
  let attributes: Attribute[] | undefined;
  return {
    rootFile,
    rootValue,
    definitions,
    refName(ref, file) {
      const position = index.lookup(ref, file);
      return position === undefined ? ref : names[position]!;
    },
    referrers: (name) => referrersOf(resolved, index, names, name),
    pointer(place) {
      const pointer = pointerOf(place.path);
      return place.file === rootFile ? pointer : `${relative(folder, place.file).split("\\").join("/")}#${pointer}`;
    },
    attributes() {
      attributes ??= indexAttributes(resolved, index, pageAnchors(index).definitions).attributes;
      return attributes;
    },
    draft(file) {
      const value = resolved.files.get(file)?.value;
      return draftOf(isObject(value) ? value.$schema : undefined) ?? rootDraftOf(rootValue);
    },
  };
}

/** Names: the definition's key; the rare clash between files is told apart by the file's name. */
function definitionNames(index: DefinitionIndex): string[] {
  const seen = new Set<string>();
  return index.entries.map((entry) => {
    const name = seen.has(entry.name) ? `${entry.name} (${basename(entry.file)})` : entry.name;
    seen.add(name);
    return name;
  });
}

/** A definition's value and place; a root definition that only stands for another file's definition is seen as what it stands for. */
function viewedDefinition(resolved: ResolvedSchema, index: DefinitionIndex, position: number): ViewedDefinition {
  const entry = index.entries[position]!;
  const value = entry.value;
  if (isObject(value) && typeof value.$ref === "string" && index.lookup(value.$ref, entry.file) === position) {
    const target = resolved.targetOf(value.$ref, entry.file);
    const found = getAtPointer(resolved.files.get(target.file)?.value, target.pointer);
    if (found !== undefined) return { value: found, where: { file: target.file, path: pointerTokens(target.pointer) } };
  }
  return { value, where: { file: entry.file, path: pointerTokens(entry.pointer) } };
}

function referrersOf(resolved: ResolvedSchema, index: DefinitionIndex, names: string[], name: string): Rich[] {
  const position = names.indexOf(name);
  const out: Rich[] = [];
  const seen = new Set<string>();
  for (const use of resolved.refs) {
    if (index.lookup(use.ref, use.file) !== position) continue;
    // Which definition holds the $ref (if any)?
    const owner = index.entries.findIndex((entry) => entry.file === use.file && isPrefix(pointerTokens(entry.pointer), use.path));
    if (owner === position) continue;
    const key = owner === -1 ? "" : names[owner]!;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(owner === -1 ? ["the root schema"] : [{ code: key }]);
  }
  return out;
}

function isPrefix(prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((token, i) => String(token) === String(path[i]));
}

/** The place of a keyword (or a deeper key) under a place. */
export function childPlace(place: FilePlace, ...tokens: (string | number)[]): FilePlace {
  return { file: place.file, path: [...place.path, ...tokens] };
}

/** A short name for the type a schema (written in `file`) describes: `File`, `string or null`, `array of string`, … */
export function typeName(view: SchemaView, schema: JsonObject, file: string, depth = 0): string {
  if (typeof schema.$ref === "string") return view.refName(schema.$ref, file);
  const types = declaredTypes(schema);
  if (types === undefined) {
    const values = allowedValues(schema);
    if (values) return `one of ${valueList(values)}`;
    for (const keyword of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(schema[keyword])) return keyword;
    const shape = shapeTypes(schema);
    return shape.length > 0 ? shape.join(" or ") : "any";
  }
  return types
    .map((type) =>
      type === "array" && isObject(schema.items) && depth < 3 ? `array of ${typeName(view, schema.items, file, depth + 1)}` : type,
    )
    .join(" or ");
}
