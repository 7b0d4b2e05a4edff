/**
 * Canonical JSON: a value's JSON with object keys sorted, so that two values JSON Schema calls equal
 * (key order aside) give the same text. The one home of that idea, for the long enums' duplicates and
 * `diff`'s comparisons.
 */
import { isObject } from "./schema-walk.js";

/** `value` as canonical JSON; an absent value (`undefined`) is `undefined`, never taken for `null`. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
