/**
 * Stage 5, attributes: every attribute path an event can carry, flattened from
 * the root (`process.ancestors.file.path`), the way log searches, facets and
 * detection rules name them.
 *
 * - A property adds a segment; `additionalProperties` (else
 *   `unevaluatedProperties`) and `patternProperties` add a wildcard segment
 *   (`*`; `segments` tells them apart by their pattern).
 *   A `true` schema (a property, a wildcard, `items`) can be carried with any
 *   value: it is listed, with no types. A `false` one cannot: it is not.
 * - An array is marked on its segment (`process.ancestors[]`), once per level
 *   (`matrix[][]`), and the paths of its items continue through it, as log
 *   attributes do. A tuple (`items` as a list, `prefixItems`) is marked but not
 *   continued: a log search names no position; its `itemTypes` are those of
 *   its positions when each says.
 * - `$ref`s are followed. A `$ref` to a schema already on the path (a
 *   definition reachable from itself) ends the path there with a `recursive`
 *   mark that names the definition: the list is finite, and no path goes
 *   through one `$ref` target twice. A definition shared by several places is
 *   listed under each of them.
 * - The schemas that apply to one value (a schema and the targets of its
 *   `$ref`s) are one object: a name that several of them declare is listed
 *   once, and it is required when any of them requires it.
 * - `allOf`/`anyOf`/`oneOf`, `then`/`else` and `dependentSchemas` (`dependencies`)
 *   contribute every branch's
 *   paths, each marked with the branches it went through: a name declared in
 *   two branches is listed twice. A branch that is a schema already on the path
 *   adds nothing. Only a value's own schemas make it an array: an array that
 *   one branch allows is not marked, and its items are not continued.
 * - `required`: in its parent's `required` at every step from the root; through
 *   an `allOf` branch (it always applies), never through another branch or a
 *   wildcard, nor through an array that may be empty (no `minItems` of 1 or more).
 * - Depth first, from a stack: a `$ref` chain thousands of definitions long
 *   does not overflow the call stack; past `maxAttributes` paths the schema is
 *   refused with a `DocgenError`: before the walk, when a count linear in the
 *   schema (its properties' paths alone, a lower bound) already passes the cap.
 *
 * Facts only, in schema order: how they are escaped and laid out is the
 * render stage's, the command line's and the JSON output's business.
 */
import { relative, dirname, sep } from "node:path";
import type { ResolvedSchema } from "./02-dereference.js";
import { propertyOrder, type DefinitionIndex, type Reference } from "./04-model.js";
import { DocgenError, pointerToken, pointerTokens } from "../core/problems.js";
import { getAtPointer, isObject, type JsonObject } from "../core/schema-walk.js";
import { nodeAt } from "../core/json-position.js";
import { escapeInvisible } from "../core/invisible.js";
import { cyclicTargets } from "./05-attributes-cycles.js";

/** One step of an attribute path. */
export interface Segment {
  /** A property name, or `*` for a wildcard (when `wildcard` is set). */
  name: string;
  /** Set on a wildcard segment: any name (`additionalProperties`), or the names a `patternProperties` pattern matches. */
  wildcard?: { pattern?: string };
  /** How many arrays the path goes through at this segment: each is written `[]` after the name. */
  arrays: number;
}

/**
 * A name that a dotted path shows as it is: not empty, and with none of `.`, `[`, `]`, `*`, `"`, `\`,
 * which would read as nesting, an array, a wildcard or a quoted name. (Invisible and control
 * characters are each output's to escape, as in descriptions.)
 */
const PLAIN_NAME = /^[^.[\]*"\\]+$/;

/**
 * Segments as a dotted path: `process.ancestors.file.path`, with `[]` after each array when `marked`
 * (`process.ancestors[].file.path`); a wildcard is `*`; a name that is not plain is written as a JSON
 * string (`process."a.b"`, `labels."*"`, `"args[]"[]`, `""`), as jq and JMESPath quote a key, so that
 * no literal name reads as nesting, an array or a wildcard.
 */
export function pathText(segments: readonly Segment[], marked: boolean): string {
  return segments
    .map((s) => (s.wildcard || PLAIN_NAME.test(s.name) ? s.name : JSON.stringify(s.name)) + (marked ? "[]".repeat(s.arrays) : ""))
    .join(".");
}

export interface Attribute {
  /**
   * The path as log searches write it: the segments' names joined by dots (`process.ancestors.file.path`; `*` for a
   * wildcard; a name with a dot, a bracket, a star, a quote or a backslash, or an empty one, as a JSON string: `"a.b"`).
   */
  path: string;
  /** The same path with every array marked: `process.ancestors[].file.path`. */
  marked: string;
  /** The steps of the path: unambiguous where a name holds a dot. */
  segments: Segment[];
  /** The JSON types its value may have (for an array: `array`), in schema order; empty when the schema allows any. */
  types: string[];
  /** For an array: the JSON types of its items (innermost array's; a tuple's positions'), when the schema says. */
  itemTypes?: string[];
  /** `format`, when the value (or an array's items) has one. */
  format?: string;
  /** The values it may take (`enum`, or `const` as one value), when the schema lists them. */
  enum?: unknown[];
  /** The property's own description, else the description of the definition its value is (may be empty). */
  description: string;
  /** The definition whose properties declare it; absent when the root or an inline schema does. */
  declaredBy?: Reference;
  /** The definition its value is (or, for an array, its items are), through `$ref`; for a recursive path, the definition it comes back to. */
  definition?: Reference;
  /** Present at every step from the root: each segment is in its parent's `required`, outside any branch but `allOf` and any wildcard, through no array that may be empty. */
  required: boolean;
  /**
   * The composition branches the path went through, outermost first (`oneOf[1]`, `allOf[0]`, `then`, `dependentSchemas["name"]`),
   * each after the marked path of the value it applies to when that is not the root (`process: oneOf[1]`). Absent when none.
   */
  branches?: string[];
  /**
   * The path stops here: its value is a schema already on the path (a definition
   * reachable from itself). Its paths are those listed at `at` (the dotted path where it was entered; `""` for the root).
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

/** A schema object as found: the object (a `true` schema as `{}`), the file it is written in, and its pointer there. */
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
  /** Every `$ref` target on the path. */
  onPath: OnPath;
}

/** The `$ref` targets on a path (`file#pointer`), each with the path at which it was entered: a list shared by the paths that continue it. */
interface OnPath {
  key: string;
  at: string;
  up: OnPath | undefined;
}

/** Where `key` was entered on the path, if it is on it. */
function enteredAt(list: OnPath | undefined, key: string): string | undefined {
  for (let l = list; l; l = l.up) if (l.key === key) return l.at;
  return undefined;
}

/** The work left, done from a stack (a `$ref` chain thousands of definitions long must not overflow the call stack). */
type Task = { attribute: Child; walk: Walk } | { children: Place[]; walk: Walk };

/** One name (or wildcard) inside an object value: every schema that declares it there, merged. */
interface Child {
  segment: Segment;
  owns: Place[];
  declaredBy: number | undefined;
  required: boolean;
}

const BRANCH_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;
const JSON_TYPES = ["null", "boolean", "object", "array", "number", "integer", "string"];

/** A schema as an object: `true` is `{}` (it allows anything); `false` and anything else is no schema a value can meet. */
function asSchema(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : v === true ? {} : undefined;
}

/**
 * The attribute index of a resolved schema. `anchors` are the ids of the
 * definitions' headings (in `index` order) on the page the attributes link to
 * (`pageAnchors` of stage 4).
 */
export function indexAttributes(
  resolved: ResolvedSchema,
  index: DefinitionIndex,
  anchors: readonly string[],
  options: AttributeOptions = {},
): AttributeIndex {
  const max = options.maxAttributes ?? MAX_ATTRIBUTES;
  const rootFile = [...resolved.files.keys()][0]!;
  const rootFolder = dirname(rootFile);
  // Worked out once per file: a deep schema lists the same few files thousands of times.
  const shown = new Map<string, string>();
  const shownFile = (file: string) => {
    let text = shown.get(file);
    if (text === undefined) {
      text = file === rootFile ? resolved.root.file.split(sep).pop()! : relative(rootFolder, file).split(sep).join("/");
      shown.set(file, text);
    }
    return text;
  };
  const refTo = (i: number): Reference => ({ name: index.entries[i]!.name, anchor: anchors[i]! });
  const definitionAt = new Map<string, number>();
  index.entries.forEach((e, i) => {
    definitionAt.set(`${e.file}#${e.pointer}`, i);
  });
  const attributes: Attribute[] = [];
  const keyOf = (p: Place) => `${p.file}#${p.pointer}`;
  /** Adds to the schemas of one value those it does not have yet. */
  const mergePlaces = (into: Place[], more: Place[]) => {
    for (const p of more) if (!into.some((q) => keyOf(q) === keyOf(p))) into.push(p);
  };
  /** A property's schema as a place (undefined for a `false` one, which no value can meet). */
  const propertyPlace = ({ schema, file, pointer }: Place, name: string): Place | undefined => {
    const sub = asSchema((schema.properties as JsonObject)[name]);
    return sub && { schema: sub, file, pointer: `${pointer}/properties/${pointerToken(name)}` };
  };
  const tooManyPaths = () =>
    new DocgenError([
      {
        file: resolved.root.file,
        message: `the schema gives more than ${max.toLocaleString("en-US")} attribute paths (definitions shared along long chains multiply them)`,
        hint: "leave the attribute index out of this page's config (no `attributes` file, no attributes template), or share fewer definitions along deep chains",
      },
    ]);

  /** Follows `$ref`s from a schema: the schemas that apply, own first; stops at a target already on the path. */
  const follow = (
    start: Place,
    onPath: OnPath | undefined,
  ): { places: Place[]; entered: string[]; definition?: number; recursive?: { key: string; definition?: number; target?: Place } } => {
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
  };

  /** Follows `$ref`s from a schema without any path: only to read what a composition branch says (types). */
  const plainTargets = (schema: JsonObject, file: string): JsonObject[] => {
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
  };

  /** What the schemas themselves say: `type`, else what their keywords imply (`properties` an object, `items` an array, `enum` its values' types). */
  const ownTypes = (schemas: JsonObject[]): string[] => {
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
  };

  /**
   * The JSON types a value whose schemas are `places` may have: what they say,
   * else the union of what the branches of their `anyOf`/`oneOf` say (through
   * `$ref`, one level; none when a branch says nothing: it allows any), else
   * what their `allOf` branches say.
   */
  const typesOf = (places: Place[]): string[] => {
    const own = ownTypes(places.map((p) => p.schema));
    if (own.length > 0) return own;
    const out: string[] = [];
    let open = false;
    for (const { schema, file } of places)
      for (const k of ["anyOf", "oneOf"])
        for (const b of Array.isArray(schema[k]) ? schema[k] : []) {
          const sub = asSchema(b);
          const said = sub ? ownTypes(plainTargets(sub, file)) : [];
          if (sub && said.length === 0) open = true;
          for (const t of said) if (!out.includes(t)) out.push(t);
        }
    if (open) return [];
    if (out.length === 0)
      for (const { schema, file } of places)
        for (const b of Array.isArray(schema.allOf) ? schema.allOf : []) {
          const sub = asSchema(b);
          for (const t of sub ? ownTypes(plainTargets(sub, file)) : []) if (!out.includes(t)) out.push(t);
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
  const descriptionOf = (s: JsonObject) => (typeof s.description === "string" ? s.description : undefined);

  /** Lists the attribute whose schemas are `owns` (one name, declared once or more) at `walk`; returns the paths that continue it, as a task. */
  const attribute = ({ owns, declaredBy }: Child, walk: Walk): Task | undefined => {
    if (attributes.length >= max) throw tooManyPaths();
    const at = pathText(walk.segments, false);
    let onPath = walk.onPath;
    const enter = (keys: string[]) => {
      for (const key of keys) onPath = { key, at, up: onPath };
    };
    const places: Place[] = [];
    let definition: number | undefined;
    let recursive: { key: string; definition?: number; target?: Place } | undefined;
    for (const own of owns) {
      const followed = follow(own, walk.onPath);
      mergePlaces(places, followed.places);
      enter(followed.entered);
      definition ??= followed.definition;
      recursive ??= followed.recursive;
    }
    const targets = places.filter((p) => !owns.includes(p));
    const typed = (ps: Place[]) => typesOf(recursive?.target ? [...ps, recursive.target] : ps);
    const types = typed(places);
    // Arrays: the segment is marked once per array level, and the path continues through `items` when it is one schema.
    // A tuple (`items` as a list, `prefixItems`) is marked but not continued: log searches name no position.
    let arrays = 0;
    let valuePlaces = places;
    let itemPlaces: Place[] | undefined;
    let itemTypes: string[] | undefined;
    let childRequired = walk.required;
    // Only what the value's own schemas say makes it an array: an array in a branch is that branch's, and its items are not continued.
    while (!recursive && ownTypes(valuePlaces.map((p) => p.schema)).includes("array")) {
      arrays++;
      const minItems = firstOf(valuePlaces, (s) => (typeof s.minItems === "number" ? s.minItems : undefined)) ?? 0;
      if (minItems < 1) childRequired = false;
      const holder = valuePlaces.find((p) => "items" in p.schema || "prefixItems" in p.schema);
      const items = holder && !("prefixItems" in holder.schema) ? asSchema(holder.schema.items) : undefined;
      if (!holder || !items) {
        // No `items` (any items), `items: false`, or a tuple: its item types are the positions' when each says.
        const positions = holder
          ? ((Array.isArray(holder.schema.prefixItems) ? holder.schema.prefixItems : holder.schema.items) as unknown)
          : [];
        const said = Array.isArray(positions)
          ? positions.map((s) => (asSchema(s) ? ownTypes(plainTargets(asSchema(s)!, holder!.file)) : []))
          : [];
        itemTypes = said.length > 0 && said.every((t) => t.length > 0) ? [...new Set(said.flat())] : undefined;
        valuePlaces = [];
        itemPlaces = [];
        break;
      }
      const inner = follow({ schema: items, file: holder.file, pointer: `${holder.pointer}/items` }, onPath);
      enter(inner.entered);
      valuePlaces = inner.places;
      itemPlaces = inner.places;
      if (inner.definition !== undefined) definition = inner.definition;
      if (inner.recursive) recursive = inner.recursive;
      itemTypes = typed(inner.places);
    }
    if (recursive && definition === undefined) definition = recursive.definition;
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
      source: { file: shownFile(owns[0]!.file), pointer: owns[0]!.pointer },
    };
    if (itemTypes && itemTypes.length > 0) entry.itemTypes = itemTypes;
    if (format !== undefined) entry.format = format;
    if (values !== undefined) entry.enum = values;
    if (declaredBy !== undefined) entry.declaredBy = refTo(declaredBy);
    if (definition !== undefined) entry.definition = refTo(definition);
    if (walk.branches.length > 0) entry.branches = walk.branches;
    if (recursive) {
      const first = enteredAt(onPath, recursive.key) ?? at;
      entry.recursive = { at: first, ...(recursive.definition !== undefined ? { definition: refTo(recursive.definition) } : {}) };
    }
    attributes.push(entry);
    return recursive ? undefined : { children: valuePlaces, walk: { segments, required: childRequired, branches: walk.branches, onPath } };
  };

  /**
   * The paths inside an object value whose schemas are `places` (one value: they
   * all apply, so a name declared by several is listed once, and `required` by
   * any of them makes it required); then those of their composition branches.
   * Returns them as tasks, in order.
   */
  const children = (places: Place[], walk: Walk): Task[] => {
    const tasks: Task[] = [];
    const required = new Set<string>();
    for (const { schema } of places)
      if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === "string") required.add(r);
    const found = new Map<string, Child>();
    const closed = places.some((p) => "additionalProperties" in p.schema);
    const add = (key: string, segment: Segment, own: Place, declaredBy: number | undefined, isRequired: boolean) => {
      const child = found.get(key);
      if (child) child.owns.push(own);
      else found.set(key, { segment, owns: [own], declaredBy, required: isRequired });
    };
    for (const place of places) {
      const { schema, file, pointer } = place;
      const declaredBy = definitionAt.get(keyOf(place));
      if (isObject(schema.properties)) {
        for (const name of propertyOrder(schema.properties, () => {
          const tree = resolved.files.get(file)?.tree;
          return tree && nodeAt(tree, pointerTokens(pointer));
        })) {
          const own = propertyPlace(place, name);
          if (own) add(`p:${name}`, { name, arrays: 0 }, own, declaredBy, walk.required && required.has(name));
        }
      }
      if (isObject(schema.patternProperties))
        for (const pattern of Object.keys(schema.patternProperties)) {
          const sub = asSchema(schema.patternProperties[pattern]);
          if (!sub) continue;
          const own = { schema: sub, file, pointer: `${pointer}/patternProperties/${pointerToken(pattern)}` };
          add(`r:${pattern}`, { name: "*", wildcard: { pattern }, arrays: 0 }, own, declaredBy, false);
        }
      // `unevaluatedProperties` (2019-09 on) is "any other name" too, where no `additionalProperties` of the value
      // has already evaluated every other name.
      for (const k of closed ? ["additionalProperties"] : ["additionalProperties", "unevaluatedProperties"]) {
        const other = asSchema(schema[k]);
        if (other) add("a", { name: "*", wildcard: {}, arrays: 0 }, { schema: other, file, pointer: `${pointer}/${k}` }, declaredBy, false);
      }
    }
    for (const child of found.values())
      tasks.push({ attribute: child, walk: { ...walk, segments: [...walk.segments, child.segment], required: child.required } });
    const branch = (sub: unknown, label: string, file: string, subPointer: string) => {
      const schema = asSchema(sub);
      if (!schema) return;
      const followed = follow({ schema, file, pointer: subPointer }, walk.onPath);
      // A branch that is a schema already on the path adds nothing: its paths are listed where it was entered.
      if (followed.recursive) return;
      let onPath = walk.onPath;
      for (const key of followed.entered) onPath = { key, at: pathText(walk.segments, false), up: onPath };
      // Every `allOf` branch applies to the value: what it requires is required; any other branch may not apply.
      const required = label.startsWith("allOf[") && walk.required;
      // The value it applies to: the same label at two levels is two branches.
      const at = walk.segments.length === 0 ? label : `${pathText(walk.segments, true)}: ${label}`;
      tasks.push({ children: followed.places, walk: { ...walk, required, branches: [...walk.branches, at], onPath } });
    };
    for (const { schema, file, pointer } of places) {
      for (const k of BRANCH_KEYWORDS)
        if (Array.isArray(schema[k]))
          (schema[k] as unknown[]).forEach((sub, i) => {
            branch(sub, `${k}[${i}]`, file, `${pointer}/${k}/${i}`);
          });
      for (const k of ["then", "else"]) branch(schema[k], k, file, `${pointer}/${k}`);
      // A schema that applies when a property is there (`dependentSchemas`, draft-04 to 07's `dependencies` of schemas).
      for (const k of ["dependentSchemas", "dependencies"])
        if (isObject(schema[k]))
          for (const name of Object.keys(schema[k]))
            branch(schema[k][name], `${k}[${JSON.stringify(name)}]`, file, `${pointer}/${k}/${pointerToken(name)}`);
    }
    return tasks;
  };

  /**
   * At least how many paths the walk below lists (at most `max + 1`: past it the count stops growing),
   * in time linear in the schema: the paths of properties alone (wildcards, branches and array items
   * only add paths, so they are left out), each value counted once however many places it recurs in,
   * and no value continued past a `$ref` target that can reach itself (`cyclicTargets`: only there does the
   * walk stop a path, at a target already on it, so only there does what it lists depend on the
   * path; the attribute itself is counted). A schema past the cap by this count is refused before a
   * single path is built (a deep DAG of shared definitions: milliseconds instead of seconds).
   */
  const pathsAtLeast = (start: Place[]): number => {
    const isCyclic = cyclicTargets(resolved);
    const cap = max + 1;
    const memo = new Map<string, number>();
    const valueKey = (places: Place[]) => places.map(keyOf).join("\n");
    /** The values one level down: each property name once (its places merged), or undefined for a value not continued. */
    const childValues = (places: Place[]): (Place[] | undefined)[] => {
      if (ownTypes(places.map((p) => p.schema)).includes("array")) return [];
      const owns = new Map<string, Place[]>();
      for (const place of places)
        if (isObject(place.schema.properties))
          for (const name of Object.keys(place.schema.properties)) {
            const own = propertyPlace(place, name);
            if (!own) continue;
            const list = owns.get(name);
            if (list) list.push(own);
            else owns.set(name, [own]);
          }
      return [...owns.values()].map((list) => {
        const places: Place[] = [];
        for (const own of list) {
          const followed = follow(own, undefined);
          // Its places after the first are the targets it entered, one for each.
          if (followed.recursive || followed.places.slice(1).some(isCyclic)) return undefined;
          mergePlaces(places, followed.places);
        }
        return places;
      });
    };
    // Depth first from a stack (chains thousands of definitions long): a value's count once all its children's are known.
    const frames: { key: string; children: (Place[] | undefined)[]; next: number; sum: number }[] = [];
    const open = (places: Place[]) => frames.push({ key: valueKey(places), children: childValues(places), next: 0, sum: 0 });
    const inProgress = new Set<string>();
    open(start);
    inProgress.add(frames[0]!.key);
    let total = 0;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.children.length && frame.sum < cap) {
        const child = frame.children[frame.next++];
        const key = child && valueKey(child);
        if (child === undefined || inProgress.has(key!)) frame.sum = Math.min(cap, frame.sum + 1);
        else if (memo.has(key!)) frame.sum = Math.min(cap, frame.sum + 1 + memo.get(key!)!);
        else {
          // Counted when it closes; its own attribute now.
          frame.sum = Math.min(cap, frame.sum + 1);
          open(child);
          inProgress.add(key!);
        }
        continue;
      }
      frames.pop();
      inProgress.delete(frame.key);
      memo.set(frame.key, frame.sum);
      const parent = frames[frames.length - 1];
      if (parent) parent.sum = Math.min(cap, parent.sum + frame.sum);
      else total = frame.sum;
    }
    return total;
  };

  const root: Place = { schema: asSchema(resolved.root.value) ?? {}, file: rootFile, pointer: "" };
  let onPath: OnPath = { key: `${rootFile}#`, at: "", up: undefined };
  const rootFollowed = follow(root, onPath);
  for (const key of rootFollowed.entered) onPath = { key, at: "", up: onPath };
  if (!rootFollowed.recursive && pathsAtLeast(rootFollowed.places) > max) throw tooManyPaths();
  // Depth first: a task's own tasks go on top of the stack, first one last.
  const stack: Task[] = rootFollowed.recursive
    ? []
    : [{ children: rootFollowed.places, walk: { segments: [], required: true, branches: [], onPath } }];
  for (let task = stack.pop(); task; task = stack.pop()) {
    const next = "attribute" in task ? attribute(task.attribute, task.walk) : children(task.children, task.walk);
    if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    else if (next) stack.push(next);
  }
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
