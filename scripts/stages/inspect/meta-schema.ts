/**
 * The rules checked against the meta-schema of the draft a file is read in: `meta-schema` (Ajv:
 * draft-04 through ajv-draft-04, draft-06/07, 2019-09, 2020-12; formats not checked), and
 * `enum-duplicate`: a long `enum` is cut short for the meta-schema (core/long-enums.ts), so the values
 * it lists twice are found in the same pass instead (a short one's are the meta-schema's `uniqueItems`).
 * A place another rule already reported more clearly is left alone.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { draftOf, META_URIS, type Draft } from "../../core/drafts.js";
import { shortenEnums } from "../../core/long-enums.js";
import { pointerOf, pointerToken, pointerTokens } from "../../core/problems.js";
import { childSchemas, getAtPointer, isObject, type JsonObject, type Path } from "../../core/schema-walk.js";
import { type FileRule, underStructural } from "./rule.js";

/** `meta-schema` and `enum-duplicate`: the file's schemas are valid in their draft, and no long `enum` repeats a value. */
export const metaSchema: FileRule = {
  kind: "file",
  id: "meta-schema",
  async check(file, report) {
    const value = file.loaded.value;
    // A "$schema" that names no draft is schema-uri's: no meta-schema to check against.
    if (isObject(value) && typeof value.$schema === "string" && !draftOf(value.$schema)) return;
    const { draft } = file;
    const validate = await metaSchemaCheck(draft);
    for (const part of file.parts) {
      const partValue = getAtPointer(value, part);
      const targets: [string, unknown][] = [[part, partValue]];
      // Before 2019-09, "$defs" is no keyword and the meta-schema does not look inside it: its members are schemas all the same.
      if (
        (draft === "draft-04" || draft === "draft-06" || draft === "draft-07") &&
        part === "" &&
        isObject(partValue) &&
        isObject(partValue.$defs)
      ) {
        for (const [name, def] of Object.entries(partValue.$defs)) targets.push([`/$defs/${pointerToken(name)}`, def]);
      }
      for (const [prefix, target] of targets) {
        const { schema: checked, duplicates } = shortenEnums(target);
        for (const d of duplicates) {
          report({
            rule: "enum-duplicate",
            pointer: `${prefix}${pointerOf(d.path)}/enum/${d.index}`,
            message: `"enum" holds this value twice: it is the same as item ${d.first}`,
            hint: "list each value of an enum once",
          });
        }
        const errors = metaErrors(validate, checked);
        if (errors.length === 0) continue;
        for (const e of humanize(errors, checked)) {
          const pointer = prefix + e.pointer;
          if (underStructural(file, pointer)) continue;
          report({
            pointer,
            message: `not valid ${draft} JSON Schema: ${e.message}`,
            hint: `${file.reason}; the keywords and what they accept are in the ${draft} meta-schema, ${META_URIS[draft]}`,
          });
        }
      }
    }
  },
};

/** A draft's meta-schema, compiled twice: to stop at the first error, and to find every error. */
interface MetaValidator {
  first: ValidateFunction;
  all: ValidateFunction;
}

const validators = new Map<Draft, Promise<MetaValidator>>();

/**
 * The meta-schema checks of a draft, compiled ahead of time by the build
 * (scripts/dev/generated-sources.ts; formats not checked), each loaded only when
 * a schema of that draft comes.
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
      return import("../../core/meta-schemas/draft-04.generated.js");
    case "draft-06":
      return import("../../core/meta-schemas/draft-06.generated.js");
    case "draft-07":
      return import("../../core/meta-schemas/draft-07.generated.js");
    case "2019-09":
      return import("../../core/meta-schemas/2019-09.generated.js");
    case "2020-12":
      return import("../../core/meta-schemas/2020-12.generated.js");
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
