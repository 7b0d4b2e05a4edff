/**
 * Stage 3, inspect: is the resolved schema one cws-docgen can document?
 *
 * Every problem found is reported at once (file, JSON pointer, line:column):
 * - structure the later stages rely on: the root is an object; `properties`,
 *   `patternProperties`, `definitions` and `$defs` are objects; every definition
 *   name gives a heading with an anchor; every `pattern` is a regular expression;
 * - validity against the meta-schema of the draft the file declares in
 *   `$schema` (Ajv: draft-04 through ajv-draft-04, draft-06/07, 2019-09,
 *   2020-12). A file without `$schema` is read in its root file's draft, and a
 *   root without one as 2020-12 when it has `$defs`, as draft-07 otherwise;
 * - `$ref` cycles with no object or array in between (`A` → `B` → `A`, also
 *   through `allOf`/`anyOf`/`oneOf`): such a schema is defined as itself, and
 *   its types could not compile (a type alias cannot be itself).
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { ResolvedSchema } from "./02-dereference.js";
import { DocgenError, lineColumn, pointerOf, pointerToken, pointerTokens, type Problem } from "../core/problems.js";
import { oneLine } from "../core/markdown.js";
import { definitionHeadingSource, hugoSlug } from "../core/hugo-anchor.js";
import { draftOf, KNOWN_DRAFTS_HINT, META_URIS, rootDraftOf, type Draft } from "../core/drafts.js";
import { nodeAt, positionOf } from "../core/json-position.js";
import { shortenEnums } from "../core/long-enums.js";
import {
  childSchemas,
  describeValue,
  getAtPointer,
  isObject,
  walkSchemas,
  type JsonObject,
  type Path,
  DEFINITION_KEYWORDS,
  NAME_MAP_KEYWORDS,
} from "../core/schema-walk.js";
import { displayPath } from "../core/files.js";
import { LONE_SURROGATE } from "../core/invisible.js";

/** Keywords whose value maps names to schemas: it must be an object. */
/** Keywords through which a schema is just the union or intersection of others: no object in between. */
const COMPOSITION = ["allOf", "anyOf", "oneOf"];

export async function inspectSchema(resolved: ResolvedSchema): Promise<void> {
  const rootPath = [...resolved.files.keys()][0]!;
  const root = resolved.root;
  if (!isObject(root.value)) {
    throw new DocgenError({
      file: root.file,
      ...lineColumn(root.text, root.tree.offset),
      pointer: "",
      message: `the schema must be a JSON object, not ${describeValue(root.value)}`,
      hint: 'a schema starts with "{", for example {"type": "object", "properties": {…}}',
    });
  }
  const rootDraft = rootDraftOf(root.value);
  const rootReason =
    typeof root.value.$schema === "string"
      ? `it declares "$schema": ${JSON.stringify(root.value.$schema)}`
      : `it has no "$schema" and ${rootDraft === "2020-12" ? "has" : "no"} "$defs", so it is read as ${rootDraft}`;

  const problems: Problem[] = [];
  for (const [path, loaded] of resolved.files) {
    const shown = path === rootPath ? root.file : displayPath(path);
    // The parts of the file that are schemas: the whole file, or (a file that is no object) the targets of $refs into it.
    const parts =
      path === rootPath || isObject(loaded.value)
        ? [""]
        : [...new Set(resolved.refs.filter((r) => r.target.file === path).map((r) => r.target.pointer))];
    const own = isObject(loaded.value) ? loaded.value.$schema : undefined;
    const draft = draftOf(own) ?? rootDraft;
    const reason =
      path === rootPath
        ? rootReason
        : typeof own === "string"
          ? `it declares "$schema": ${JSON.stringify(own)}`
          : `it has no "$schema", so it is read in the draft of ${root.file} (${rootDraft})`;
    const at = (pointer: string, key = false) => ({ file: shown, ...positionOf(loaded, pointer, key), pointer });
    const structural = new Set<string>();
    /** Whether a pointer is at or below a place already reported more clearly. */
    const underStructural = (pointer: string) => {
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
        if (structural.has(p)) return true;
        if (p === "") return false;
      }
    };

    if (typeof own === "string" && !draftOf(own)) {
      problems.push({
        ...at("/$schema"),
        message: `unknown "$schema" ${JSON.stringify(own)}: it names no JSON Schema draft`,
        hint: KNOWN_DRAFTS_HINT,
      });
      structural.add("/$schema");
    }

    // Numbers JSON.parse cannot keep: beyond double range anywhere (1e400 is Infinity in a validator,
    // null in JSON), and integers past 2^53 in const/enum (compared exactly). Looked for only when
    // the text has a number that long.
    const inexactNumbers = (value: unknown, pointer: string, exact: boolean) => {
      const stack: [unknown, string][] = [[value, pointer]];
      while (stack.length > 0) {
        const [v, p] = stack.pop()!;
        if (typeof v === "number") {
          if (!Number.isFinite(v)) {
            if (!exact)
              problems.push({
                ...at(p),
                message:
                  "this number is beyond the range of a double: JSON.parse, the types and the validator would each read it differently",
                hint: "write a number between -1.7976931348623157e308 and 1.7976931348623157e308",
              });
          } else if (exact && Number.isInteger(v) && !Number.isSafeInteger(v) && !keptExactly(v, p))
            problems.push({
              ...at(p),
              message: `this integer is beyond 2^53 (${Number.MAX_SAFE_INTEGER}), so it cannot be kept exactly: the validator would accept neighbouring numbers as equal to it`,
              hint: "write it as a string, or as a smaller integer",
            });
        } else if (Array.isArray(v)) {
          v.forEach((item, i) => {
            stack.push([item, `${p}/${i}`]);
          });
        } else if (isObject(v)) {
          for (const k of Object.keys(v)) stack.push([v[k], `${p}/${pointerToken(k)}`]);
        }
      }
    };
    /** Whether the number at `pointer` is written as an integer that the double `v` is exactly (1e20 or 2^53 are; 9007199254740993 is not). */
    const keptExactly = (v: number, pointer: string) => {
      const node = nodeAt(loaded.tree, pointerTokens(pointer));
      const written = node ? loaded.text.slice(node.offset, node.offset + node.length) : "";
      return !/^-?\d+$/.test(written) || BigInt(written) === BigInt(v);
    };
    const unsafe = /\d{16}/.test(loaded.text);
    if (/[eE]\+?\d{3}|\d{309}/.test(loaded.text)) {
      for (const part of parts) inexactNumbers(getAtPointer(loaded.value, part), part, false);
    }

    for (const part of parts) {
      const value = getAtPointer(loaded.value, part);
      walkSchemas(
        value,
        ({ schema, path: at_ }) => {
          const base = pointerOf(at_);
          // A nested "$id" (or draft-04 "id") changes the base that "$ref"s below it resolve against; the page and the
          // types resolve every "$ref" against its file. Only the root file's root may name itself.
          for (const key of draft === "draft-04" ? ["$id", "id"] : ["$id"]) {
            if (typeof schema[key] !== "string" || (at_.length === 0 && path === rootPath)) continue;
            problems.push({
              ...at(`${base}/${key}`),
              message: `"${key}" ${at_.length === 0 ? "at the root of a referenced file" : "inside the schema"} changes what the "$ref"s below it mean; cws-docgen resolves every "$ref" against the file it is written in, so it refuses "${key}" here`,
              hint: `remove this "${key}" and refer to schemas by file and JSON pointer ("other.json#/definitions/Name")`,
            });
          }
          // json-schema-to-typescript refuses these (and no array could be valid there).
          if (typeof schema.minItems === "number" && typeof schema.maxItems === "number" && schema.minItems > schema.maxItems) {
            problems.push({
              ...at(`${base}/minItems`),
              message: `"minItems" (${schema.minItems}) is greater than "maxItems" (${schema.maxItems}): no array is valid here, so no type can be made for it`,
              hint: "fix one of the two bounds",
            });
          }
          if (unsafe) {
            for (const key of ["const", "enum"]) {
              if (key in schema) inexactNumbers(schema[key], `${base}/${key}`, true);
            }
          }
          for (const key of NAME_MAP_KEYWORDS) {
            if (!(key in schema) || isObject(schema[key])) continue;
            const pointer = `${base}/${key}`;
            structural.add(pointer);
            problems.push({
              ...at(pointer),
              message: `"${key}" must be an object that maps each name to a schema, not ${describeValue(schema[key])}`,
              hint: `write it as "${key}": {"name": {…}, …}`,
            });
          }
          for (const key of ["description", "title"]) {
            const text = schema[key];
            if (typeof text === "string" && text.length > MAX_TEXT_LENGTH) {
              problems.push({
                ...at(`${base}/${key}`),
                message: `this "${key}" is ${text.length} characters long; the page shows up to ${MAX_TEXT_LENGTH}`,
                hint: "shorten it: the page shows it in one table cell",
              });
            }
          }
          for (const key of NAME_MAP_KEYWORDS) {
            const map = schema[key];
            if (!isObject(map)) continue;
            for (const name of Object.keys(map)) {
              if (LONE_SURROGATE.test(name)) {
                problems.push({
                  ...at(`${base}/${key}/${pointerToken(name)}`, true),
                  message: `a name under "${key}" holds a lone surrogate (${JSON.stringify(name)}): half of a UTF-16 pair, not a Unicode character, so no page, type or validator can show it`,
                  hint: "write the whole character (or its \\uXXXX\\uXXXX pair), or remove the stray \\uD8xx-\\uDFxx escape",
                });
                continue;
              }
              if (name.length <= MAX_TEXT_LENGTH) continue;
              problems.push({
                ...at(`${base}/${key}/${pointerToken(name)}`, true),
                message: `a name under "${key}" is ${name.length} characters long; the page shows names up to ${MAX_TEXT_LENGTH}`,
                hint: "shorten the name",
              });
            }
          }
          if (typeof schema.pattern === "string") {
            const fault = regExpFault(schema.pattern);
            if (fault !== undefined) {
              structural.add(`${base}/pattern`);
              problems.push({
                ...at(`${base}/pattern`),
                ...(fault === INVALID
                  ? {
                      message: `"pattern" is not a valid regular expression: ${JSON.stringify(schema.pattern)}`,
                      hint: "JSON Schema patterns are ECMAScript regular expressions; escape special characters with a backslash",
                    }
                  : { message: `"pattern" ${unicodeOnly(fault)}: ${JSON.stringify(schema.pattern)}`, hint: UNICODE_HINT }),
              });
            }
          }
          if (isObject(schema.patternProperties)) {
            for (const regex of Object.keys(schema.patternProperties)) {
              const fault = regExpFault(regex);
              if (fault === undefined) continue;
              const pointer = `${base}/patternProperties/${pointerToken(regex)}`;
              structural.add(`${base}/patternProperties`);
              problems.push({
                ...at(pointer, true),
                ...(fault === INVALID
                  ? {
                      message: `the "patternProperties" name ${JSON.stringify(regex)} is not a valid regular expression`,
                      hint: "each name under patternProperties is an ECMAScript regular expression",
                    }
                  : { message: `the "patternProperties" name ${JSON.stringify(regex)} ${unicodeOnly(fault)}`, hint: UNICODE_HINT }),
              });
            }
          }
        },
        pointerTokens(part),
      );
    }

    // Each definition becomes a heading: its name must show something to make an anchor from.
    if (path === rootPath || isObject(loaded.value)) {
      for (const key of DEFINITION_KEYWORDS) {
        const defs = (loaded.value as Record<string, unknown>)[key];
        if (!isObject(defs)) continue;
        for (const name of Object.keys(defs)) {
          if (oneLine(name).trim() !== "" && hugoSlug(definitionHeadingSource(name)) !== "") continue;
          problems.push({
            ...at(`/${key}/${pointerToken(name)}`, true),
            message: `the definition name ${JSON.stringify(name)} has no letter, digit, "-" or "_": its heading on the page would get no anchor to link to`,
            hint: "rename the definition (and the $refs to it)",
          });
        }
      }
    }

    // The meta-schema of the draft, for every problem Ajv finds (structural ones are already said more clearly).
    if (typeof own === "string" && !draftOf(own)) continue;
    const validate = await metaSchemaCheck(draft);
    for (const part of parts) {
      const value = getAtPointer(loaded.value, part);
      const targets: [string, unknown][] = [[part, value]];
      // Before 2019-09, "$defs" is no keyword and the meta-schema does not look inside it: its members are schemas all the same.
      if (
        (draft === "draft-04" || draft === "draft-06" || draft === "draft-07") &&
        part === "" &&
        isObject(value) &&
        isObject(value.$defs)
      ) {
        for (const [name, def] of Object.entries(value.$defs)) targets.push([`/$defs/${pointerToken(name)}`, def]);
      }
      for (const [prefix, target] of targets) {
        const { schema: checked, duplicates } = shortenEnums(target);
        for (const d of duplicates) {
          const pointer = `${prefix}${pointerOf(d.path)}/enum/${d.index}`;
          problems.push({
            ...at(pointer),
            message: `"enum" holds this value twice: it is the same as item ${d.first}`,
            hint: "list each value of an enum once",
          });
        }
        const errors = metaErrors(validate, checked);
        if (errors.length === 0) continue;
        for (const e of humanize(errors, checked)) {
          const pointer = prefix + e.pointer;
          if (underStructural(pointer)) continue;
          problems.push({
            ...at(pointer),
            message: `not valid ${draft} JSON Schema: ${e.message}`,
            hint: `${reason}; the keywords and what they accept are in the ${draft} meta-schema, ${META_URIS[draft]}`,
          });
        }
      }
    }
  }
  problems.push(...refCycles(resolved, rootPath));
  if (problems.length === 0) return;
  // DocgenError shows the first MAX_PROBLEMS of them and counts the rest.
  throw new DocgenError(sortProblems(problems));
}

/** The longest description, title or name the page shows (each lands in one table cell or heading). */
export const MAX_TEXT_LENGTH = 10_000;

/** Half of a UTF-16 surrogate pair on its own: JSON can write one (`"\udc4a"`), Unicode has no such character. */

/** A draft's meta-schema, compiled twice: to stop at the first error, and to find every error. */
interface MetaValidator {
  first: ValidateFunction;
  all: ValidateFunction;
}

const validators = new Map<Draft, Promise<MetaValidator>>();

/**
 * The meta-schema checks of a draft, compiled ahead of time (npm run
 * build:meta-schemas; formats not checked), each loaded only when a schema of
 * that draft comes.
 */
function metaSchemaCheck(draft: Draft): Promise<MetaValidator> {
  let v = validators.get(draft);
  if (!v) {
    v = loadMetaSchemaCheck(draft) as Promise<MetaValidator>;
    validators.set(draft, v);
  }
  return v;
}

function loadMetaSchemaCheck(draft: Draft): Promise<unknown> {
  switch (draft) {
    case "draft-04":
      return import("../core/meta-schemas/draft-04.generated.js");
    case "draft-06":
      return import("../core/meta-schemas/draft-06.generated.js");
    case "draft-07":
      return import("../core/meta-schemas/draft-07.generated.js");
    case "2019-09":
      return import("../core/meta-schemas/2019-09.generated.js");
    case "2020-12":
      return import("../core/meta-schemas/2020-12.generated.js");
  }
}

/**
 * Every meta-schema error in `value`, found part by part: with every error asked
 * for, Ajv copies its growing error list at each step through the meta-schema's
 * own recursion, so one run over tens of thousands of mistakes took minutes.
 * A part that passes a stop-at-first-error check is done; one that fails is
 * checked alone with its subschemas stood in by `{}`, and each of those in turn.
 * Each error's `instancePath` is from `value`.
 */
function metaErrors(meta: MetaValidator, value: unknown): ErrorObject[] {
  const out: ErrorObject[] = [];
  const stack: { node: unknown; path: Path }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (meta.first(node)) continue;
    const children = isObject(node) ? childSchemas(node).filter((c) => isObject(c.node)) : [];
    let shallow: unknown = node;
    if (children.length > 0) {
      // A copy of `node` down to each child's container, the child replaced by {} (own keys only: "__proto__" stays a key).
      const copy: JsonObject = { ...(node as JsonObject) };
      for (const { path: at } of children) {
        let holder: Record<string | number, unknown> = copy;
        if (at.length === 2) {
          const key = at[0] as string;
          if (holder[key] === (node as JsonObject)[key])
            holder[key] = Array.isArray(holder[key]) ? [...(holder[key] as unknown[])] : { ...(holder[key] as JsonObject) };
          holder = holder[key] as Record<string | number, unknown>;
        }
        Object.defineProperty(holder, at.at(-1)!, { value: {}, enumerable: true, writable: true, configurable: true });
      }
      shallow = copy;
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!.node, path: [...path, ...children[i]!.path] });
    }
    meta.all(shallow);
    const base = pointerOf(path);
    for (const e of meta.all.errors ?? []) out.push({ ...e, instancePath: base + e.instancePath });
  }
  return out;
}

interface Readable {
  pointer: string;
  message: string;
}

/**
 * Ajv's errors, one per place, in words. Where an `anyOf`/`oneOf` failed, the
 * branches that went deepest into the value say what is wrong (the others only
 * say the value has another shape); where all stop at the same place, the
 * alternatives are joined: `"type" must be one of "array", … or an array`.
 */
export function humanize(errors: readonly ErrorObject[], value: unknown): Readable[] {
  const seen = new Set<string>();
  const list = errors.filter((e) => {
    const key = `${e.instancePath}\u0000${e.keyword}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Indexes, so that tens of thousands of errors cost linear time: every place above an error, and the keywords failing at each place.
  const above = new Set<string>();
  const keywordsAt = new Map<string, Set<string>>();
  for (const e of list) {
    // "/a/b/c" is below "/a/b", "/a" and "" (once a place is known, so are the places above it).
    for (let i = e.instancePath.lastIndexOf("/"); i >= 0; i = i === 0 ? -1 : e.instancePath.lastIndexOf("/", i - 1)) {
      const place = e.instancePath.slice(0, i);
      if (above.has(place)) break;
      above.add(place);
    }
    const set = keywordsAt.get(e.instancePath) ?? new Set();
    keywordsAt.set(e.instancePath, set.add(e.keyword));
  }
  const dropped = new Set(
    list.filter((e) => (e.keyword === "anyOf" || e.keyword === "oneOf") && above.has(e.instancePath)).map((e) => e.instancePath),
  );
  const groups = new Map<string, ErrorObject[]>();
  for (const e of list) {
    if (dropped.has(e.instancePath)) continue;
    if (
      (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") &&
      [...keywordsAt.get(e.instancePath)!].some((k) => k !== e.keyword)
    )
      continue;
    const group = groups.get(e.instancePath) ?? [];
    group.push(e);
    groups.set(e.instancePath, group);
  }
  const out: Readable[] = [];
  for (const [pointer, group] of groups) {
    const found = getAtPointer(value, pointer);
    const phrases = [...new Set(group.map(phrase))];
    // "must be one of …" and "must be an array" → "must be one of …, or an array".
    const merged =
      phrases.length > 1 && phrases.every((p) => p.startsWith("must be "))
        ? `must be ${phrases.map((p) => p.slice(8)).join(", or ")}`
        : phrases.join("; and ");
    const shows = group.some((e) => e.keyword === "type" || e.keyword === "enum" || e.keyword === "const");
    out.push({ pointer, message: `${subjectOf(pointer, value)} ${merged}${shows ? `, not ${short(found)}` : ""}` });
  }
  return out;
}

function phrase(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type": {
      const types = Array.isArray(p.type) ? (p.type as string[]) : String(p.type).split(",");
      return `must be ${joinAlternatives(types.map(withArticle))}`;
    }
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "required":
      return `must have the key ${JSON.stringify(p.missingProperty)}`;
    case "anyOf":
    case "oneOf":
      return "has none of the shapes it may have";
    default:
      return e.message ?? `fails "${e.keyword}"`;
  }
}

function withArticle(type: string): string {
  return { object: "an object", array: "an array", integer: "an integer", null: "null" }[type] ?? `a ${type}`;
}

function joinAlternatives(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** What the problem is about, in words: `"type"`, `item 2 of "required"`, `property "a"`, `the schema`. */
function subjectOf(pointer: string, value: unknown): string {
  if (pointer === "") return "the schema";
  const tokens = pointerTokens(pointer);
  const last = tokens[tokens.length - 1]!;
  const parentKey = tokens[tokens.length - 2];
  const parent = getAtPointer(value, pointerOf(tokens.slice(0, -1)));
  if (Array.isArray(parent)) return `item ${last} of ${parentKey === undefined ? "the schema" : JSON.stringify(parentKey)}`;
  if (parentKey === "properties") return `the schema of property ${JSON.stringify(last)}`;
  if (parentKey === "definitions" || parentKey === "$defs") return `the definition ${JSON.stringify(last)}`;
  if (parentKey === "patternProperties") return `the schema of pattern ${JSON.stringify(last)}`;
  return JSON.stringify(last);
}

function short(v: unknown): string {
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/**
 * `$ref` cycles with no object or array in between: from a schema, its own `$ref` and
 * those of its `allOf`/`anyOf`/`oneOf` members (at any depth of those) lead on
 * without describing anything. A cycle of such steps is reported once, at the
 * `$ref` that closes it, with the whole loop.
 */
function refCycles(resolved: ResolvedSchema, rootPath: string): Problem[] {
  const key = (file: string, pointer: string) => `${file}#${pointer}`;
  // Edges: schema location → [target location, the $ref use].
  const edges = new Map<string, { to: string; file: string; path: Path; ref: string }[]>();
  for (const use of resolved.refs) {
    const to = key(use.target.file, use.target.pointer);
    // The schema holding the $ref, and each schema it is a composition member of.
    let path = use.path;
    for (;;) {
      const from = key(use.file, pointerOf(path));
      const list = edges.get(from) ?? [];
      list.push({ to, file: use.file, path: use.path, ref: use.ref });
      edges.set(from, list);
      const n = path.length;
      if (n >= 2 && typeof path[n - 1] === "number" && COMPOSITION.includes(path[n - 2] as string)) path = path.slice(0, -2);
      else break;
    }
  }
  // Iterative depth-first search; grey = on the current path.
  const state = new Map<string, "grey" | "black">();
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, "grey");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        state.set(top.node, "black");
        stack.pop();
        continue;
      }
      const edge = out[top.next++]!;
      const s = state.get(edge.to);
      if (s === undefined) {
        state.set(edge.to, "grey");
        stack.push({ node: edge.to, next: 0 });
      } else if (s === "grey") {
        const from = stack.findIndex((f) => f.node === edge.to);
        const loop = [...stack.slice(from).map((f) => f.node), edge.to];
        const id = [...new Set(loop)].sort().join("\n");
        if (reported.has(id)) continue;
        reported.add(id);
        const shown = edge.file === rootPath ? resolved.root.file : displayPath(edge.file);
        const loaded = resolved.files.get(edge.file)!;
        const pointer = pointerOf([...edge.path, "$ref"]);
        problems.push({
          file: shown,
          ...positionOf(loaded, pointer, false),
          pointer,
          message: `"$ref" cycle with no object or array in between: ${loop.map((n) => nameOf(rootPath, n)).join(" → ")}; a schema cannot be defined as itself`,
          hint: "refer back from inside an object's property or an array's items, not through a bare $ref or an allOf/anyOf/oneOf member",
        });
      }
    }
  }
  return problems;
}

function nameOf(rootPath: string, node: string): string {
  const hash = node.lastIndexOf("#");
  const file = node.slice(0, hash);
  const pointer = node.slice(hash + 1) || "/";
  return file === rootPath ? `#${pointer}` : `${displayPath(file)}#${pointer}`;
}

/** A source no flag makes a regular expression. */
const INVALID = Symbol("invalid");

/**
 * What keeps `source` from being a pattern a validator can compile: nothing (undefined), no regular
 * expression at all (INVALID), or the engine's reason it is none with the "u" flag, which Ajv (and
 * the JSON Schema specification, which reads patterns as Unicode) compiles every pattern with: `\-`,
 * `a{` or `\d{1,2` are regular expressions only without it.
 */
function regExpFault(source: string): typeof INVALID | string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (err) {
    try {
      new RegExp(source);
    } catch {
      return INVALID;
    }
    // "Invalid regular expression: /\-/u: Invalid escape": the reason follows the source and its flags.
    const text = (err as Error).message;
    const at = text.lastIndexOf("/u: ");
    return at === -1 ? text : text.slice(at + 4);
  }
}

/** The message's end for a pattern that is a regular expression only without the "u" flag. */
function unicodeOnly(reason: string): string {
  return `is a regular expression only without the "u" (Unicode) flag, which validators compile patterns with (${reason})`;
}

const UNICODE_HINT =
  'with the "u" flag a backslash escapes only a syntax character (^ $ \\ . * + ? ( ) [ ] { } | /) or makes a known escape (\\d, \\w, \\s, \\u{…}, …): write "-" and "_" without one, and close each "{" quantifier or write "\\{"';

/** File by file (in the order met), then by place in the file; a hint already given is not repeated. */
function sortProblems(problems: Problem[]): Problem[] {
  const files = [...new Set(problems.map((p) => p.file))];
  const hints = new Set<string>();
  return problems
    .map((p, i) => ({ p, i, f: files.indexOf(p.file) }))
    .sort((a, b) => a.f - b.f || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => {
      if (p.hint === undefined || !hints.has(p.hint)) {
        if (p.hint !== undefined) hints.add(p.hint);
        return p;
      }
      const { hint: _, ...rest } = p;
      return rest;
    });
}
