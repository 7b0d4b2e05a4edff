/** The rules on single keywords' values that the meta-schemas allow but cws-docgen cannot document or build. */
import { draftOf, KNOWN_DRAFTS_HINT } from "../../core/drafts.js";
import { isObject } from "../../core/schema-walk.js";
import type { FileRule, SchemaRule } from "./rule.js";

/** The longest description, title or name the page shows (each lands in one table cell or heading). */
export const MAX_TEXT_LENGTH = 10_000;

/** `schema-uri`: a file's `$schema` names a draft cws-docgen knows. */
export const schemaUri: FileRule = {
  kind: "file",
  id: "schema-uri",
  check(file, report) {
    const own = isObject(file.loaded.value) ? file.loaded.value.$schema : undefined;
    if (typeof own !== "string" || draftOf(own)) return;
    report({
      pointer: "/$schema",
      structural: "/$schema",
      message: `unknown "$schema" ${JSON.stringify(own)}: it names no JSON Schema draft`,
      hint: KNOWN_DRAFTS_HINT,
    });
  },
};

/**
 * `nested-id`: no `$id` (draft-04: `id`) below the root file's root. One changes the base that the
 * `$ref`s below it resolve against; the page and the types resolve every `$ref` against its file.
 */
export const nestedId: SchemaRule = {
  kind: "schema",
  id: "nested-id",
  check({ schema, path, pointer: base }, file, report) {
    if (path.length === 0 && file.isRoot) return;
    for (const key of file.draft === "draft-04" ? ["$id", "id"] : ["$id"]) {
      if (typeof schema[key] !== "string") continue;
      report({
        pointer: `${base}/${key}`,
        message: `"${key}" ${path.length === 0 ? "at the root of a referenced file" : "inside the schema"} changes what the "$ref"s below it mean; cws-docgen resolves every "$ref" against the file it is written in, so it refuses "${key}" here`,
        hint: `remove this "${key}" and refer to schemas by file and JSON pointer ("other.json#/definitions/Name")`,
      });
    }
  },
};

/** `items-bounds`: `minItems` is at most `maxItems` (json-schema-to-typescript refuses the other way, and no array could be valid). */
export const itemsBounds: SchemaRule = {
  kind: "schema",
  id: "items-bounds",
  check({ schema, pointer: base }, _file, report) {
    if (typeof schema.minItems !== "number" || typeof schema.maxItems !== "number" || schema.minItems <= schema.maxItems) return;
    report({
      pointer: `${base}/minItems`,
      message: `"minItems" (${schema.minItems}) is greater than "maxItems" (${schema.maxItems}): no array is valid here, so no type can be made for it`,
      hint: "fix one of the two bounds",
    });
  },
};

/** `text-length`: no `description` or `title` is longer than the page shows. */
export const textLength: SchemaRule = {
  kind: "schema",
  id: "text-length",
  check({ schema, pointer: base }, _file, report) {
    for (const key of ["description", "title"]) {
      const text = schema[key];
      if (typeof text !== "string" || text.length <= MAX_TEXT_LENGTH) continue;
      report({
        pointer: `${base}/${key}`,
        message: `this "${key}" is ${text.length} characters long; the page shows up to ${MAX_TEXT_LENGTH}`,
        hint: "shorten it: the page shows it in one table cell",
      });
    }
  },
};
