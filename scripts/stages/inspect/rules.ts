/**
 * Stage 3's rules on each file, in the order they run (problems at one place are listed in this
 * order too). `root-object` (in inspect.ts) comes before them all, and `ref-cycle`
 * (ref-cycles.ts) after them, on the whole resolved schema.
 */
import { itemsBounds, nestedId, schemaUri, textLength } from "./keywords.js";
import { metaSchema } from "./meta-schema.js";
import { headingId, nameLength, nameMapObject, nameSurrogate } from "./names.js";
import { exactInteger, numberRange } from "./numbers.js";
import { patternPropertiesSyntax, patternSyntax } from "./patterns.js";
import type { Rule } from "./rule.js";

export const FILE_RULES: readonly Rule[] = [
  schemaUri,
  numberRange,
  // One walk over the file's schemas for these.
  nestedId,
  itemsBounds,
  exactInteger,
  nameMapObject,
  textLength,
  nameSurrogate,
  nameLength,
  patternSyntax,
  patternPropertiesSyntax,
  headingId,
  // Last: it leaves alone the places the rules above reported more clearly.
  metaSchema,
];
