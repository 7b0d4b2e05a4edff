/**
 * Stage 4, model: turns the resolved schema into the typed page model that the
 * templates render. It holds facts only (names, raw description text, exact
 * JSON); how they are escaped and laid out is the render stage's business.
 */
import type { Node } from "jsonc-parser";
import type { ResolvedSchema } from "./dereference.js";
import { pointerOf, pointerToken, pointerTokens } from "../core/problems.js";
import { printJson } from "../core/json-print.js";
import { HugoIds, definitionHeadingSource } from "../core/hugo-anchor.js";
import { nodeAt } from "../core/json-position.js";
import { IGNORED_KEYWORDS } from "../core/drafts.js";
import { declaredTypes, shapeTypes } from "../core/schema-types.js";
import { getAtPointer, isObject, walkSchemas, type JsonObject, DEFINITION_KEYWORDS } from "../core/schema-walk.js";
import type { LoadedSchema } from "./load.js";

export interface Reference {
  /** Name of the definition referred to. */
  name: string;
  /** Its heading's anchor on the page (without `#`). */
  anchor: string;
}

export interface Field {
  /** Property name. */
  name: string;
  /** The property's `description`, as written (may be empty). */
  description: string;
  /** A short type label: `$ref`, `string`, `integer`, `array`, `string or null`, `anyOf`, … */
  type: string;
  /** `format`, when the property has one (`date-time`, …). */
  format?: string;
  /** Listed in the parent's `required`. */
  required: boolean;
  /** The definition it points to, directly or through `items`. */
  ref?: Reference;
  /**
   * Every definition referred to anywhere inside the property (`$ref`, `items`,
   * `additionalProperties`, `anyOf`/`oneOf`/`allOf`, …), each once, in order of
   * first use; absent when there is none.
   */
  references?: Reference[];
}

export interface Definition {
  /** The key under `definitions` / `$defs`. */
  name: string;
  /** The id Hugo gives the heading ``## `name` ``. */
  anchor: string;
  /** The definition's own `description`, when it has one. */
  description?: string;
  /** The definition's `title`, when it has one. */
  title?: string;
  /** The definition's JSON, 4-space indented, key order kept, every `$schema` keyword left out. */
  json: string;
  /** Every property, in schema order. */
  properties: Field[];
  /** The properties that have a description: the rows of the field table. */
  fields: Field[];
  /** Definitions it refers to (anywhere inside it), each once, in order of first use. */
  references: Reference[];
  /** Where it comes from: the schema file and the JSON pointer in it. */
  source: {
    /** The schema file that holds it. */
    file: string;
    /** The JSON pointer to it in that file (`/definitions/Name`). */
    pointer: string;
  };
  /** Keywords in its JSON that no draft defines (`extends`, …): the validator and the types ignore them. Absent when none. */
  ignoredKeywords?: string[];
}

export interface PageModel {
  /** The schema file as given. */
  schemaFile: string;
  /** The root schema: its own section at the top of the page. */
  root: {
    /** The root schema's JSON without `definitions`, `$defs` and `$schema`. */
    json: string;
    /** The root's `title`, when it has one. */
    title?: string;
    /** The root's `description`, as written, when it has one. */
    description?: string;
    /** Every root property: the rows of the parameter table. */
    parameters: Field[];
    /** Definitions the root properties refer to, each once, in order of first use. */
    references: Reference[];
    /** Keywords in its JSON that no draft defines (`extends`, …): the validator and the types ignore them. Absent when none. */
    ignoredKeywords?: string[];
  };
  /** Every definition on the page (`definitions` or `$defs`), in schema order. */
  definitions: Definition[];
}

const OMIT_AT_ROOT = new Set([...DEFINITION_KEYWORDS, "$schema"]);
const OMIT_IN_DEFINITION = new Set(["$schema"]);
const NO_KEYS: ReadonlySet<string> = new Set();

/** Walks the subschemas of `value`, leaving out its own keys in `skipKeys` (the root's definitions, `$schema`). */
function walkShown(value: unknown, skipKeys: ReadonlySet<string>, visit: Parameters<typeof walkSchemas>[1]): void {
  walkSchemas(isObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !skipKeys.has(k))) : value, visit);
}

/**
 * What one walk of a schema tells its section: which keys its code block leaves
 * out (`skipKeys` at the top, and `$schema` wherever it is a keyword, at any
 * depth: CWS's generator repeats it inside properties, the published page shows
 * none; a property *named* "$schema" is a name and stays), and which keywords
 * of `IGNORED_KEYWORDS` it uses, each once.
 */
function keywordFacts(
  value: unknown,
  skipKeys: ReadonlySet<string>,
): { omitKey: (path: readonly (string | number)[], key: string) => boolean; ignoredKeywords: string[] } {
  const holders = new Set<string>();
  const ignored = new Set<string>();
  walkShown(value, skipKeys, ({ schema, path }) => {
    if (Object.hasOwn(schema, "$schema")) holders.add(pointerOf(path));
    for (const k of IGNORED_KEYWORDS) if (Object.hasOwn(schema, k)) ignored.add(k);
  });
  return {
    omitKey: (path, key) =>
      (path.length === 0 && skipKeys.has(key)) || (key === "$schema" && holders.size > 0 && holders.has(pointerOf(path))),
    ignoredKeywords: [...ignored],
  };
}

/** One definition that gets a section (and a type). */
export interface DefinitionEntry {
  name: string;
  /** Absolute path of the file it is in, and its pointer there. */
  file: string;
  pointer: string;
  loaded: LoadedSchema;
  /** Its syntax-tree node, looked up in `loaded.tree` (which the pipeline lets go after the model). */
  readonly node: Node;
  value: JsonObject;
}

/** A definition entry whose node is looked up when asked for, so that it holds no syntax tree. */
function entryOf(e: Omit<DefinitionEntry, "node">): DefinitionEntry {
  return {
    ...e,
    get node() {
      return nodeAt(e.loaded.tree, pointerTokens(e.pointer))!;
    },
  };
}

export interface DefinitionIndex {
  /** The root file's definitions in source order, then those of other files that are referred to. */
  entries: DefinitionEntry[];
  /** Index in `entries` of the definition a `$ref` written in `file` points to, if any. */
  lookup(ref: unknown, file: string): number | undefined;
}

/**
 * Finds every definition that gets a section: the root file's (`definitions`
 * and `$defs`, in source order), then those of other files that something
 * refers to. A root definition that is nothing but a `$ref` to another file's
 * definition (or to a schema that is no definition) stands for that schema: its
 * section and its type show the target, under the root definition's name.
 */
export function indexDefinitions(resolved: ResolvedSchema): DefinitionIndex {
  const rootFile = resolved.rootFile;
  const entries: DefinitionEntry[] = [];
  const byTarget = new Map<string, number>(); // `${file}#${pointer}` → index in entries
  const addDefinitions = (file: string, loaded: LoadedSchema, only?: Set<string>) => {
    for (const member of loaded.tree.type === "object" ? (loaded.tree.children ?? []) : []) {
      const key = member.children![0]!.value as string;
      const container = member.children![1]!;
      if (!DEFINITION_KEYWORDS.includes(key) || container.type !== "object") continue;
      const values = (loaded.value as JsonObject)[key] as JsonObject;
      for (const prop of container.children ?? []) {
        const name = prop.children![0]!.value as string;
        const pointer = `/${key}/${pointerToken(name)}`;
        if (only && !only.has(pointer)) continue;
        if (byTarget.has(`${file}#${pointer}`)) continue;
        const value = values[name];
        byTarget.set(`${file}#${pointer}`, entries.length);
        entries.push(entryOf({ name, file, pointer, loaded, value: isObject(value) ? value : {} }));
      }
    }
  };
  addDefinitions(rootFile, resolved.root);
  const externalTargets = new Map<string, Set<string>>();
  for (const use of resolved.refs) {
    if (use.target.file === rootFile) continue;
    const set = externalTargets.get(use.target.file) ?? new Set();
    externalTargets.set(use.target.file, set.add(use.target.pointer));
  }
  for (const use of resolved.refs) {
    if (use.file !== rootFile || use.path.length !== 2 || !DEFINITION_KEYWORDS.includes(String(use.path[0]))) continue;
    const aliasIndex = byTarget.get(`${rootFile}#/${use.path[0]}/${pointerToken(String(use.path[1]))}`);
    const key = `${use.target.file}#${use.target.pointer}`;
    if (aliasIndex === undefined || byTarget.has(key)) continue;
    byTarget.set(key, aliasIndex);
    // The section (and the type) show what the alias stands for, under the alias's name.
    const loaded = resolved.files.get(use.target.file);
    const value = getAtPointer(loaded?.value, use.target.pointer);
    const node = loaded && nodeAt(loaded.tree, pointerTokens(use.target.pointer));
    if (loaded && node && isObject(value))
      entries[aliasIndex] = entryOf({ name: entries[aliasIndex]!.name, file: use.target.file, pointer: use.target.pointer, loaded, value });
  }
  for (const [file, pointers] of externalTargets) addDefinitions(file, resolved.files.get(file)!, pointers);
  return {
    entries,
    lookup(ref, file) {
      if (typeof ref !== "string") return undefined;
      const t = resolved.targetOf(ref, file);
      return byTarget.get(`${t.file}#${t.pointer}`);
    },
  };
}

export interface ModelOptions {
  /**
   * The source text of each heading the page has before the definitions (the
   * intro's), in order: Hugo numbers repeated ids per page, so they count.
   */
  headingsBefore?: readonly string[];
}

/**
 * The ids Hugo gives a page's headings: the intro's (`headingsBefore`, which the
 * template writes first), then each definition's, in `index` order — Hugo numbers
 * repeated ids per page, so the intro counts. Cheaper than `buildModel` when only
 * the anchors are wanted (the attribute index, the links to a reference page).
 */
export function pageAnchors(index: DefinitionIndex, headingsBefore: readonly string[] = []): { intro: string[]; definitions: string[] } {
  const ids = new HugoIds();
  const intro = headingsBefore.map((heading) => ids.next(heading));
  return { intro, definitions: index.entries.map((e) => ids.next(definitionHeadingSource(e.name))) };
}

export function buildModel(
  resolved: ResolvedSchema,
  index: DefinitionIndex = indexDefinitions(resolved),
  options: ModelOptions = {},
): PageModel {
  const rootFile = resolved.rootFile;
  const root = resolved.root;
  const { entries } = index;
  const definitionOf = index.lookup;

  // The heading is the name as the `code` helper writes it, and Hugo makes the id from that source text,
  // numbering repeats in page order: the intro's headings first (the built-in template has no other).
  const anchors = pageAnchors(index, options.headingsBefore).definitions;
  const refTo = (index: number): Reference => ({ name: entries[index]!.name, anchor: anchors[index]! });

  const fieldsOf = (schema: JsonObject, file: string, node?: Node): Field[] => {
    const props = schema.properties;
    if (!isObject(props)) return [];
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
    return propertyOrder(props, node).map((name) => {
      const p = isObject(props[name]) ? (props[name] as JsonObject) : {};
      const target = definitionOf(p.$ref, file) ?? (isObject(p.items) ? definitionOf(p.items.$ref, file) : undefined);
      const field: Field = {
        name,
        description: typeof p.description === "string" ? p.description : "",
        type: typeLabel(p),
        required: required.has(name),
      };
      if (typeof p.format === "string") field.format = p.format;
      if (target !== undefined) field.ref = refTo(target);
      const references = referencesOf(p, file, NO_KEYS);
      if (references.length > 0) field.references = references;
      return field;
    });
  };

  const referencesOf = (schema: unknown, file: string, skipKeys: ReadonlySet<string>): Reference[] => {
    const seen = new Set<number>();
    const out: Reference[] = [];
    walkShown(schema, skipKeys, ({ schema: s }) => {
      const index = definitionOf(s.$ref, file);
      if (index !== undefined && !seen.has(index)) {
        seen.add(index);
        out.push(refTo(index));
      }
    });
    return out;
  };

  const definitions: Definition[] = entries.map((e, i) => {
    const properties = fieldsOf(e.value, e.file, e.node);
    const facts = keywordFacts(e.value, OMIT_IN_DEFINITION);
    const def: Definition = {
      name: e.name,
      anchor: anchors[i]!,
      json: printJson(e.node, e.loaded.text, { omitKey: facts.omitKey }),
      properties,
      fields: properties.filter((f) => f.description !== ""),
      references: referencesOf(e.value, e.file, OMIT_IN_DEFINITION),
      source: { file: e.file === rootFile ? resolved.root.file : e.file, pointer: e.pointer },
    };
    if (facts.ignoredKeywords.length > 0) def.ignoredKeywords = facts.ignoredKeywords;
    if (typeof e.value.description === "string") def.description = e.value.description;
    if (typeof e.value.title === "string") def.title = e.value.title;
    return def;
  });

  const rootValue = isObject(root.value) ? root.value : {};
  const rootFacts = keywordFacts(rootValue, OMIT_AT_ROOT);
  const model: PageModel = {
    schemaFile: root.file,
    root: {
      json: printJson(root.tree, root.text, { omitKey: rootFacts.omitKey }),
      parameters: fieldsOf(rootValue, rootFile, root.tree),
      references: referencesOf(rootValue, rootFile, OMIT_AT_ROOT),
    },
    definitions,
  };
  if (rootFacts.ignoredKeywords.length > 0) model.root.ignoredKeywords = rootFacts.ignoredKeywords;
  if (typeof rootValue.title === "string") model.root.title = rootValue.title;
  if (typeof rootValue.description === "string") model.root.description = rootValue.description;
  return model;
}

/**
 * The property names in the order the schema has them: JSON.parse moves
 * integer-like keys ("123") first, the syntax tree does not. The tree (the node
 * of the schema that holds `properties`) is looked at only when there is such a key.
 */
export function propertyOrder(props: JsonObject, node: Node | undefined | (() => Node | undefined)): string[] {
  const keys = Object.keys(props);
  if (!keys.some((k) => /^(0|[1-9]\d*)$/.test(k))) return keys;
  const schemaNode = typeof node === "function" ? node() : node;
  const member =
    schemaNode?.type === "object" ? schemaNode.children?.filter((m) => m.children?.[0]?.value === "properties").pop() : undefined;
  const container = member?.children?.[1];
  if (container?.type !== "object") return keys;
  const names = new Set<string>();
  for (const p of container.children ?? []) names.add(p.children![0]!.value as string);
  return [...names];
}

/**
 * A short label for the type of a property, as the parameter table shows it: its `type`
 * (read as core/schema-types.ts reads it), else the keyword that says what it holds
 * (`$ref` first, then `anyOf`…, `const`, `enum`), else the types its shape implies, else `any`.
 */
export function typeLabel(p: JsonObject): string {
  if (typeof p.$ref === "string") return "$ref";
  const declared = declaredTypes(p);
  if (declared) return declared.join(" or ");
  for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(p[k])) return k;
  if ("const" in p) return "const";
  if (Array.isArray(p.enum)) return "enum";
  const shape = shapeTypes(p);
  return shape.length > 0 ? shape.join(" or ") : "any";
}
