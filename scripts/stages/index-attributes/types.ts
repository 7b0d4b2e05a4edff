/**
 * Stage 5, attributes: what the stage gives (`AttributeIndex`, one `Attribute` per path) and
 * how a path is written (`pathText`). The template context's reference (guides/templates.md)
 * is read from this file's declarations.
 */
import type { Reference } from "../model.js";

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
