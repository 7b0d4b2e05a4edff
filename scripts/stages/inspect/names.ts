/**
 * The rules on the names a schema gives (properties, pattern properties, definitions): the maps that
 * hold them are objects, and each name is one the page, the types and the validator can show.
 */
import { oneLine } from "../../core/markdown.js";
import { definitionHeadingSource, hugoSlug } from "../../core/hugo-anchor.js";
import { LONE_SURROGATE } from "../../core/invisible.js";
import { pointerToken } from "../../core/problems.js";
import { DEFINITION_KEYWORDS, NAME_MAP_KEYWORDS, describeValue, isObject } from "../../core/schema-walk.js";
import { MAX_TEXT_LENGTH } from "./keywords.js";
import type { FileRule, SchemaRule } from "./rule.js";

/** `name-map-object`: `properties`, `patternProperties`, `definitions`, `$defs`, `dependentSchemas` are objects. */
export const nameMapObject: SchemaRule = {
  kind: "schema",
  id: "name-map-object",
  check({ schema, pointer: base }, _file, report) {
    for (const key of NAME_MAP_KEYWORDS) {
      if (!(key in schema) || isObject(schema[key])) continue;
      const pointer = `${base}/${key}`;
      report({
        pointer,
        structural: pointer,
        message: `"${key}" must be an object that maps each name to a schema, not ${describeValue(schema[key])}`,
        hint: `write it as "${key}": {"name": {…}, …}`,
      });
    }
  },
};

/** `name-surrogate`: no name holds half of a UTF-16 surrogate pair on its own. */
export const nameSurrogate: SchemaRule = {
  kind: "schema",
  id: "name-surrogate",
  check({ schema, pointer: base }, _file, report) {
    for (const key of NAME_MAP_KEYWORDS) {
      const map = schema[key];
      if (!isObject(map)) continue;
      for (const name of Object.keys(map)) {
        if (!LONE_SURROGATE.test(name)) continue;
        report({
          pointer: `${base}/${key}/${pointerToken(name)}`,
          key: true,
          message: `a name under "${key}" holds a lone surrogate (${JSON.stringify(name)}): half of a UTF-16 pair, not a Unicode character, so no page, type or validator can show it`,
          hint: "write the whole character (or its \\uXXXX\\uXXXX pair), or remove the stray \\uD8xx-\\uDFxx escape",
        });
      }
    }
  },
};

/** `name-length`: no name is longer than the page shows (a name with a lone surrogate is name-surrogate's). */
export const nameLength: SchemaRule = {
  kind: "schema",
  id: "name-length",
  check({ schema, pointer: base }, _file, report) {
    for (const key of NAME_MAP_KEYWORDS) {
      const map = schema[key];
      if (!isObject(map)) continue;
      for (const name of Object.keys(map)) {
        if (name.length <= MAX_TEXT_LENGTH || LONE_SURROGATE.test(name)) continue;
        report({
          pointer: `${base}/${key}/${pointerToken(name)}`,
          key: true,
          message: `a name under "${key}" is ${name.length} characters long; the page shows names up to ${MAX_TEXT_LENGTH}`,
          hint: "shorten the name",
        });
      }
    }
  },
};

/** `heading-id`: each definition becomes a heading, so its name must show something to make an anchor from. */
export const headingId: FileRule = {
  kind: "file",
  id: "heading-id",
  check(file, report) {
    const value = file.loaded.value;
    if (!isObject(value)) return;
    for (const key of DEFINITION_KEYWORDS) {
      const defs = value[key];
      if (!isObject(defs)) continue;
      for (const name of Object.keys(defs)) {
        if (oneLine(name).trim() !== "" && hugoSlug(definitionHeadingSource(name)) !== "") continue;
        report({
          pointer: `/${key}/${pointerToken(name)}`,
          key: true,
          message: `the definition name ${JSON.stringify(name)} has no letter, digit, "-" or "_": its heading on the page would get no anchor to link to`,
          hint: "rename the definition (and the $refs to it)",
        });
      }
    }
  },
};
