/**
 * Stage 8, emit types: TypeScript interfaces with json-schema-to-typescript.
 *
 * json2ts on its own names types from titles and turns every `$ref` that has a
 * sibling `description` into a fresh copy (`File1`, `File2`, …). So before it
 * runs, this stage normalizes the schema: each definition gets one chosen type
 * name (its `title` for json2ts), and every `$ref` to a definition becomes
 * `{ "tsType": "<Name>" }` (keeping the sibling `description` for the JSDoc).
 * json2ts then emits the root interface followed by exactly one declaration per
 * definition, in schema order, and never follows a reference itself.
 */
import { randomInt } from "node:crypto";
import { dirname, relative, resolve, sep } from "node:path";
import type { ResolvedSchema } from "./dereference.js";
import { DocgenError } from "../core/problems.js";
import { IGNORED_KEYWORDS } from "../core/drafts.js";
import {
  getAtPointer,
  isObject,
  type JsonObject,
  DEFINITION_KEYWORDS,
  NAME_MAP_KEYWORDS,
  SCHEMA_LIST_KEYWORDS,
  SINGLE_SCHEMA_KEYWORDS,
} from "../core/schema-walk.js";
import { commonJsExports } from "../core/commonjs.js";
import { formatTypeScript } from "../core/format-ts.js";
import { INVISIBLE, uEscape } from "../core/invisible.js";
import { commentLine, commentText, IDENTIFIER, identifier, propertyKey } from "../core/js-escape.js";
import { typeNames } from "../core/ts-names.js";
import { orderDeclarations } from "../core/ts-order.js";
import type { DefinitionIndex } from "./model.js";

export interface EmitTypesOptions {
  /** Name of the root interface. */
  rootName: string;
  /** Where the types will be written (the banner names the schema relative to it). */
  typesFile: string;
  /** Definitions json2ts compiles at once (default 250): the bytes are the same for any value. */
  definitionsPerCompile?: number;
}

/**
 * Keywords json2ts gives meaning to that no schema author should be able to
 * inject. `title` is one: json2ts names a type after it (two titles "Date" make
 * two clashing `interface Date`s); only definitions get names, chosen here.
 * So are the keywords no draft defines (`IGNORED_KEYWORDS`: draft 3's
 * `extends` would become `interface X extends  {`); the page notes them.
 */
const JSON2TS_KEYWORDS = [...IGNORED_KEYWORDS, "$id", "$schema", "id", "title"];
/** Keywords whose object maps names to schemas. */
const NAME_MAPS = NAME_MAP_KEYWORDS.filter((k) => !DEFINITION_KEYWORDS.includes(k));
/** Keywords whose value is a schema, or an array of schemas (json2ts reads no `contentSchema`). */
const SCHEMA_KEYWORDS = [...SINGLE_SCHEMA_KEYWORDS.filter((k) => k !== "contentSchema"), "items", ...SCHEMA_LIST_KEYWORDS];
/** Keywords json2ts makes a type from; a schema with none of them is `unknown`. */
const STRUCTURAL_KEYWORDS = [
  "type",
  "tsType",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "properties",
  "additionalProperties",
  "patternProperties",
  "items",
  "additionalItems",
];
/** Keywords that hold data, not schemas. */
const DATA_KEYWORDS = ["enum", "const", "default", "examples", "required"];

/** Definitions json2ts is given at once (see emitTypes); the `definitionsPerCompile` option changes it (the tests compare chunked and whole). */
const DEFINITIONS_PER_COMPILE = 250;

/** How many schema nodes `$ref`s to non-definitions may copy into the types, in all. */
export const MAX_INLINED = 20_000;

/** Sets a key as an own data property, even `__proto__`. */
function defineEntry(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The types of a schema, formatted as Prettier formats them (the fast formatter, else Prettier) and in schema order. */
export async function emitTypes(resolved: ResolvedSchema, index: DefinitionIndex, options: EmitTypesOptions): Promise<string> {
  const draft = await draftTypes(resolved, index, options);
  return draft.finish((await formatTypeScript(draft.code)).text);
}

/**
 * The types before formatting: json2ts's output, with placeholders for names.
 * `finish` takes that code once formatted: it puts the declarations in schema
 * order and the real property names in.
 */
export interface TypesDraft {
  code: string;
  finish(formatted: string): string;
}

/** The stand-ins json2ts sees instead of type and property names; the real names go back in afterwards. */
interface Placeholders {
  /** Random, new on every run, so that no schema can hold one (see placeholderPrefix). */
  prefix: string;
  /** The placeholder of type `i` (0: the root, then the definitions in order). */
  type(i: number): string;
  /** A property name as json2ts may see it: as it is, or a placeholder when json2ts could trip over it. */
  property(name: string): string;
  /** The property names given placeholders, by their number. */
  propertyNames: string[];
}

function placeholders(resolved: ResolvedSchema): Placeholders {
  // json2ts rewrites names it finds unusual (File_event → FileEvent, Größe → Grosse), so it
  // only ever sees placeholders, which it keeps as they are; the real names go in afterwards.
  const prefix = placeholderPrefix(resolved);
  // Property names json2ts could trip over (`__proto__`, `hasOwnProperty`, …) or would quote its own
  // way reach it as placeholders too; each comes back as a key written here (see propertyKey).
  const propertyNames: string[] = [];
  const propertyIndex = new Map<string, number>();
  return {
    prefix,
    propertyNames,
    type: (i) => `${prefix}${i}Placeholder`,
    property: (name) => {
      if (IDENTIFIER.test(name) && !(name in Object.prototype)) return name;
      let i = propertyIndex.get(name);
      if (i === undefined) {
        i = propertyNames.push(name) - 1;
        propertyIndex.set(name, i);
      }
      return `${prefix}Property${i}Name`;
    },
  };
}

/**
 * The schema as json2ts should see it: names as placeholders, `$ref`s to definitions as their type's
 * placeholder, other `$ref`s inlined (once per path), descriptions as comment text, and the keywords
 * json2ts misreads put in the words it knows.
 */
function normalizer(
  resolved: ResolvedSchema,
  index: DefinitionIndex,
  ph: Placeholders,
): (node: unknown, file: string, inlining: Set<string>, schema?: boolean) => unknown {
  // Inlined copies can multiply (a schema whose two properties refer to one whose two properties refer…): count them.
  let inlined = 0;
  const normalize = (node: unknown, file: string, inlining: Set<string>, schema = true): unknown => {
    if (inlining.size > 0 && ++inlined > MAX_INLINED) {
      throw new DocgenError({
        file: resolved.root.file,
        message: `the $refs to schemas that are not definitions expand to more than ${MAX_INLINED} copies in the types`,
        hint: 'move the schemas referred to into "definitions" (or "$defs"): a definition is declared once and named, not copied',
      });
    }
    if (Array.isArray(node)) return node.map((n) => normalize(n, file, inlining, schema));
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string") {
      const target = resolved.targetOf(node.$ref, file);
      const key = `${target.file}#${target.pointer}`;
      const found = index.lookup(node.$ref, file);
      const named = found === undefined ? undefined : ph.type(found + 1);
      const out: JsonObject = {};
      if (typeof node.description === "string") out.description = commentText(node.description);
      if (named) return { ...out, tsType: named };
      // A reference to something that is not a definition: inline it (once per path, to stop cycles).
      if (inlining.has(key)) return { ...out, tsType: "unknown" };
      const value = getAtPointer(resolved.files.get(target.file)?.value, target.pointer);
      const copy = normalize(value, target.file, new Set([...inlining, key]));
      return isObject(copy) ? { ...copy, ...out } : copy;
    }
    const out: JsonObject = {};
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (JSON2TS_KEYWORDS.includes(key) || DEFINITION_KEYWORDS.includes(key)) continue;
      // json2ts refuses a "deprecated" that is not a boolean (draft-07 has no such keyword: any value is valid there).
      if (key === "deprecated" && typeof value !== "boolean") continue;
      if (NAME_MAPS.includes(key) && isObject(value)) {
        // Keys here are names (a property may be called "id" or "$ref"): keep each, normalize its schema.
        // json2ts quotes a patternProperties key in a comment (and escapes only its first `*/`): it gets comment text.
        const map: JsonObject = {};
        for (const name of Object.keys(value)) {
          let entry = key === "properties" ? ph.property(name) : key === "patternProperties" ? commentText(name) : name;
          // Two patterns that differ only where commentText changed them stay two entries.
          while (Object.hasOwn(map, entry)) entry += " ";
          defineEntry(map, entry, normalize(value[name], file, inlining));
        }
        out[key] = map;
      } else if (key === "required" && Array.isArray(value)) {
        out[key] = value.map((name) => (typeof name === "string" ? ph.property(name) : name));
      } else if (key === "description" && typeof value === "string") {
        out[key] = commentText(value);
      } else if (DATA_KEYWORDS.includes(key)) {
        out[key] = value;
      } else {
        out[key] = normalize(value, file, inlining, SCHEMA_KEYWORDS.includes(key));
      }
    }
    if (!schema) return out;
    // 2020-12 tuples (prefixItems, then items for the rest) in the draft-07 words json2ts knows.
    if (Array.isArray(out.prefixItems)) {
      const rest = out.items;
      out.items = out.prefixItems;
      delete out.prefixItems;
      if (rest !== undefined) out.additionalItems = rest;
    }
    // A union with a member that allows anything allows anything; such a member adds nothing to an
    // intersection. (json2ts folds them itself, and then loses the definition's declaration.)
    const any = (m: unknown) => m === true || (isObject(m) && m.tsType === "unknown");
    for (const k of ["anyOf", "oneOf"]) if (Array.isArray(out[k]) && (out[k] as unknown[]).some(any)) delete out[k];
    if (Array.isArray(out.allOf)) {
      out.allOf = (out.allOf as unknown[]).filter((m) => !any(m));
      if ((out.allOf as unknown[]).length === 0) delete out.allOf;
    }
    // A schema that says nothing about the value's type allows any value: json2ts would make it an object.
    if (!STRUCTURAL_KEYWORDS.some((k) => k in out)) out.tsType = "unknown";
    return out;
  };
  return normalize;
}

/** json2ts's code for the normalized root (`input`) and its definitions, compiled in chunks under a stand-in root. */
async function compileTypes(
  resolved: ResolvedSchema,
  input: JsonObject,
  definitions: JsonObject,
  options: EmitTypesOptions,
  ph: Placeholders,
  names: string[],
): Promise<string> {
  const { compile } = commonJsExports(await import("json-schema-to-typescript"));
  const compileOptions = {
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    additionalProperties: true,
    strictIndexSignatures: false,
    format: false,
    customName: (schema: { title?: unknown }) => (typeof schema.title === "string" ? schema.title : undefined),
    $refOptions: { resolve: { file: false, http: false, external: false } } as never,
  };
  // Every reference between definitions is a tsType by now, so the definitions are independent:
  // json2ts compiles them in chunks, each under a stand-in root. Its cost grows faster than the
  // number of definitions it is given at once; in chunks, the whole stays linear.
  const entries = Object.entries(definitions);
  const chunks: JsonObject[] = [];
  const perCompile = Math.max(1, options.definitionsPerCompile ?? DEFINITIONS_PER_COMPILE);
  for (let i = 0; i < entries.length || i === 0; i += perCompile) chunks.push(Object.fromEntries(entries.slice(i, i + perCompile)));
  const standInRoot = `export interface ${ph.type(0)} {\n\n}\n`;
  let ts = "";
  // A root that is only a reference (`{"$ref": "#/definitions/Event"}`) becomes an alias; json2ts
  // then writes no definition at all, so it compiles the alias alone and every definition under the stand-in.
  const rootIsAlias = typeof input.tsType === "string";
  try {
    if (rootIsAlias)
      ts = await compile({ ...input, definitions: {} } as never, ph.type(0), {
        ...compileOptions,
        bannerComment: banner(resolved.root.file, options.typesFile),
      });
    for (const [i, chunk] of chunks.entries()) {
      if (i === 0 && !rootIsAlias) {
        ts = await compile({ ...input, definitions: chunk } as never, ph.type(0), {
          ...compileOptions,
          bannerComment: banner(resolved.root.file, options.typesFile),
        });
        continue;
      }
      const part = await compile(
        { type: "object", additionalProperties: false, title: ph.type(0), definitions: chunk } as never,
        ph.type(0),
        { ...compileOptions, bannerComment: "" },
      );
      if (!part.includes(standInRoot)) throw new Error("json-schema-to-typescript wrote the stand-in root in an unexpected way");
      ts += `\n${part.replace(standInRoot, "")}`;
    }
  } catch (err) {
    // Its message names types and properties by their placeholders: the user knows them by their names.
    const said = ((err as Error).message.split("\n")[0] ?? "")
      .replace(new RegExp(`${ph.prefix}(\\d+)Placeholder`, "g"), (_, i: string) => names[Number(i)] ?? "?")
      .replace(new RegExp(`${ph.prefix}Property(\\d+)Name`, "g"), (_, i: string) => JSON.stringify(ph.propertyNames[Number(i)] ?? "?"));
    throw new DocgenError({
      file: resolved.root.file,
      message: `json-schema-to-typescript could not compile the schema: ${said}`,
      hint: "the page was not written either; report this schema if it is valid JSON Schema",
    });
  }
  return ts;
}

export async function draftTypes(resolved: ResolvedSchema, index: DefinitionIndex, options: EmitTypesOptions): Promise<TypesDraft> {
  const names = typeNames([options.rootName, ...index.entries.map((d) => d.name)]);
  const ph = placeholders(resolved);
  const { prefix, propertyNames } = ph;
  const normalize = normalizer(resolved, index, ph);
  const definitions: JsonObject = {};
  index.entries.forEach((_, i) => {
    const { value, file } = definitionSource(resolved, index, i);
    const normalized = normalize(value, file, new Set());
    definitions[ph.type(i + 1)] = { ...(isObject(normalized) ? normalized : {}), title: ph.type(i + 1) };
  });
  const rootValue = isObject(resolved.root.value) ? resolved.root.value : {};
  const input: JsonObject = { ...(normalize(rootValue, resolved.rootFile, new Set()) as JsonObject), title: ph.type(0), definitions };
  const ts = await compileTypes(resolved, input, definitions, options, ph, names);
  // Real type names go in before formatting: line lengths (and so Prettier's wrapping) depend on them.
  const named = ts
    .replace(new RegExp(`\\b${prefix}(\\d+)Placeholder\\b`, "g"), (_, i: string) => identifier(names[Number(i)]!))
    // json2ts names the parent of a patternProperties entry by its title; a nested object has none.
    .replace(
      /This interface was referenced by `undefined`'s JSON-Schema definition\n[ \t]*\* via the `patternProperty` ("(?:[^"\\\n]|\\.)*")\./g,
      "Any property whose name matches the pattern $1.",
    );
  // Property names go in after it: Prettier would unquote a key such as "__proto__".
  const finish = (out: string) => {
    const text = out
      .replace(new RegExp(`\\b${prefix}Property(\\d+)Name\\b`, "g"), (_, i: string) => propertyKey(propertyNames[Number(i)]!))
      .replace(INVISIBLE, uEscape);
    if (text.includes(prefix)) throw new Error("a placeholder of emit-types was left in the types");
    return text;
  };
  // Root first, then the definitions in schema order (json2ts puts every type alias before the interfaces).
  const rank = new Map(names.map((name, i) => [name, i]));
  return {
    code: named,
    finish: (formatted) => finish(orderDeclarations(formatted, banner(resolved.root.file, options.typesFile), (name) => rank.get(name))),
  };
}

export { propertyKey };

/**
 * The schema a definition's type is made from, and its file. A definition that is nothing but a $ref
 * to another file's definition stands for it (see indexDefinitions): its type is that definition's,
 * not an alias of itself.
 */
export function definitionSource(resolved: ResolvedSchema, index: DefinitionIndex, i: number): { value: unknown; file: string } {
  const d = index.entries[i]!;
  let value: unknown = d.value;
  let file = d.file;
  for (let hops = 0; isObject(value) && typeof value.$ref === "string" && index.lookup(value.$ref, file) === i && hops < 8; hops++) {
    const target = resolved.targetOf(value.$ref, file);
    const own = typeof value.description === "string" ? { description: value.description } : {};
    const next = getAtPointer(resolved.files.get(target.file)?.value, target.pointer);
    value = isObject(next) ? { ...next, ...own } : next;
    file = target.file;
  }
  return { value, file };
}

const PREFIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PREFIX_CHARS = `${PREFIX_LETTERS}0123456789`;

/**
 * A placeholder prefix no schema can hold: 13 random characters, new on every
 * run (an uppercase letter, then uppercase letters and digits, which json2ts
 * keeps as they are), and checked against the schema's values as JSON decodes
 * them (a `\u` escape in the text hides nothing). Always 13 characters, the
 * length of the fixed prefix it replaces: Prettier wraps lines that still hold
 * property placeholders, so the length is part of the output; the characters
 * never reach it.
 */
function placeholderPrefix(resolved: ResolvedSchema): string {
  // JSON.stringify escapes only quotes, backslashes and controls: a prefix of letters and digits is found in it as in the values.
  const texts = [...resolved.files.values()].map((f) => JSON.stringify(f.value) ?? "");
  for (;;) {
    let prefix = PREFIX_LETTERS[randomInt(PREFIX_LETTERS.length)]!;
    while (prefix.length < 13) prefix += PREFIX_CHARS[randomInt(PREFIX_CHARS.length)]!;
    if (!texts.some((t) => t.includes(prefix))) return prefix;
  }
}

function banner(schemaFile: string, typesFile: string): string {
  const rel = relative(dirname(resolve(typesFile)), resolve(schemaFile))
    .split(sep)
    .join("/");
  return [
    "/* eslint-disable */",
    "/**",
    ` * Generated by cws-docgen from ${commentLine(rel)}.`,
    " * Do not edit this file by hand: change the schema, then run `npm run generate`.",
    " */",
  ].join("\n");
}
