/**
 * The rules for the keywords that hold no sub-schema: `type`, `enum` and `const`,
 * the bounds and formats, the annotations, and any keyword not analysed, each
 * deciding whether its change is breaking and saying why.
 */
import { declaredTypes } from "../core/schema-types.js";
import type { JsonObject } from "../core/schema-walk.js";
import { childPlace, typeName } from "./views.js";
import type { ChangePlace, Comparison } from "./comparison.js";
import { code, rich } from "./rich-text.js";
import {
  accepts,
  allowedValues,
  show,
  typeSet,
  typeSetLabel,
  typescriptOf,
  typesNotIn,
  unique,
  valueList,
  type JsonType,
} from "./schema-values.js";
import { canonicalJson } from "../core/canonical-json.js";

/** Keywords that only document (and `x-…` extensions); changing them changes neither validation nor the shape of the types. */
const ANNOTATIONS = ["title", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly"];
/** Lower bounds (a bigger value narrows) and upper bounds (a smaller value narrows). */
const LOWER_BOUNDS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"];
/** Draft-04's exclusiveMinimum and exclusiveMaximum are booleans that make minimum and maximum exclusive (later drafts: numbers). */
const EXCLUSIVE_FLAGS = new Set(["exclusiveMinimum", "exclusiveMaximum"]);
/** Constraints that cannot be ordered: any new or changed value may reject what passed before. */
const OPAQUE_CONSTRAINTS = ["format", "pattern", "multipleOf"];
/** json-schema-to-typescript turns these into tuple types, so any change to them changes the generated type. */
const TUPLE_BOUNDS = new Set(["minItems", "maxItems"]);
/** Every keyword the comparison understands; any other one is compared as a whole. */
const HANDLED = new Set([
  "$ref",
  "type",
  "items",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "description",
  ...ANNOTATIONS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...OPAQUE_CONSTRAINTS,
  "uniqueItems",
]);

/** The `type` keyword: equal, widened, narrowed or changed ("changed" stops the comparison of the other keywords). */
export function compareTypes(
  comparison: Comparison,
  oldSchema: JsonObject,
  newSchema: JsonObject,
  place: ChangePlace,
): "same" | "changed" | "other" {
  // Without `type` on either side, the values of `const`/`enum` (compared on their own) say all there is.
  const typed = declaredTypes(oldSchema) !== undefined || declaredTypes(newSchema) !== undefined;
  const oldTypes = typed ? typeSet(oldSchema) : undefined;
  const newTypes = typed ? typeSet(newSchema) : undefined;
  const wider = accepts(newTypes, oldTypes);
  const narrower = accepts(oldTypes, newTypes);
  if (wider && narrower) return "same";
  const from = typeName(comparison.oldView, oldSchema, place.old!.file);
  const to = typeName(comparison.newView, newSchema, place.new!.file);
  if (wider) {
    recordWidenedType(comparison, oldTypes, newTypes, from, to, place);
    return "other";
  }
  if (narrower) {
    const lost = typesNotIn(oldTypes, newTypes);
    const what =
      lost?.size === 1 && lost.has("number") && newTypes?.has("integer")
        ? rich`numbers that are not integers`
        : rich`values of type ${code(typeSetLabel(lost))}`;
    comparison.record(
      place,
      "type-narrowed",
      true,
      rich`: type narrowed from ${code(from)} to ${code(to)}`,
      rich`${what}, valid before, are now rejected`,
      from,
      to,
    );
    return "other";
  }
  comparison.record(
    place,
    "type-changed",
    true,
    rich`: type changed from ${code(from)} to ${code(to)}`,
    rich`values that were valid (${code(from)}) are now rejected, and code written for ${code(typescriptOf(oldTypes))} gets ${code(typescriptOf(newTypes))}`,
    from,
    to,
  );
  return "changed";
}

/** A type set that accepts more: breaking only when the generated TypeScript type changes with it. */
function recordWidenedType(
  comparison: Comparison,
  oldTypes: Set<JsonType> | undefined,
  newTypes: Set<JsonType> | undefined,
  from: string,
  to: string,
  place: ChangePlace,
): void {
  const typescriptFrom = typescriptOf(oldTypes);
  const typescriptTo = typescriptOf(newTypes);
  if (typescriptFrom === typescriptTo) {
    comparison.record(
      place,
      "type-widened",
      false,
      rich`: type widened from ${code(from)} to ${code(to)}`,
      rich`every value that was valid still is, and the generated type stays ${code(typescriptTo)}`,
      from,
      to,
    );
  } else {
    comparison.record(
      place,
      "type-widened",
      true,
      rich`: type widened from ${code(from)} to ${code(to)}`,
      rich`events that were valid stay valid, but the generated type becomes ${code(typescriptTo)}: code written for ${code(typescriptFrom)} must now handle ${code(typescriptOf(typesNotIn(newTypes, oldTypes)))}`,
      from,
      to,
    );
  }
}

/** `enum` and `const`: the list of allowed values. */
export function compareAllowedValues(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  const oldValues = allowedValues(oldSchema);
  const newValues = allowedValues(newSchema);
  if (oldValues === undefined && newValues === undefined) return;
  if (oldValues === undefined) {
    comparison.record(
      place,
      "type-narrowed",
      true,
      rich`: now restricted to ${code(valueList(newValues!))}`,
      rich`any other value, valid before, is now rejected`,
      undefined,
      valueList(newValues!),
    );
    return;
  }
  if (newValues === undefined) {
    comparison.record(
      place,
      "type-widened",
      true,
      rich`: no longer restricted to ${code(valueList(oldValues))}`,
      rich`events that were valid stay valid, but the generated type widens from the list of values: code that handles each listed value may meet others`,
      valueList(oldValues),
      undefined,
    );
    return;
  }
  compareValueLists(comparison, oldValues, newValues, "const" in oldSchema && "const" in newSchema, place);
}

/** Two lists of allowed values: values removed narrow, values added widen the generated union. */
function compareValueLists(
  comparison: Comparison,
  oldValues: unknown[],
  newValues: unknown[],
  bothConst: boolean,
  place: ChangePlace,
): void {
  const oldKeys = new Set(oldValues.map(canonicalJson));
  const newKeys = new Set(newValues.map(canonicalJson));
  const removed = oldValues.filter((value) => !newKeys.has(canonicalJson(value)));
  const added = newValues.filter((value) => !oldKeys.has(canonicalJson(value)));
  if (removed.length === 0 && added.length === 0) return;
  const from = valueList(oldValues);
  const to = valueList(newValues);
  if (added.length === 0) {
    comparison.record(
      place,
      "type-narrowed",
      true,
      rich`: enum values removed: ${code(valueList(removed))}`,
      rich`events with ${removed.length === 1 ? "that value" : "those values"}, valid before, are now rejected`,
      from,
      to,
    );
  } else if (removed.length === 0) {
    comparison.record(
      place,
      "type-widened",
      true,
      rich`: enum values added: ${code(valueList(added))}`,
      rich`events that were valid stay valid, but the generated union type gains ${added.length === 1 ? "a member" : "members"}: code that handles every old value (an exhaustive ${code("switch")}) meets values it does not know`,
      from,
      to,
    );
  } else if (bothConst) {
    comparison.record(
      place,
      "type-changed",
      true,
      rich`: ${code("const")} changed from ${code(from)} to ${code(to)}`,
      rich`events with the old value are now rejected, and code written for ${code(from)} gets ${code(to)}`,
      from,
      to,
    );
  } else {
    comparison.record(
      place,
      "type-changed",
      true,
      rich`: enum values changed from ${code(from)} to ${code(to)}`,
      rich`events with a removed value (${code(valueList(removed))}) are now rejected, and code meets values it does not know (${code(valueList(added))})`,
      from,
      to,
    );
  }
}

/** Bounds, formats and patterns. */
export function compareConstraints(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS, ...OPAQUE_CONSTRAINTS, "uniqueItems"]) {
    const oldValue = oldSchema[key];
    const newValue = newSchema[key];
    if (canonicalJson(oldValue) === canonicalJson(newValue)) continue;
    const what =
      oldValue === undefined
        ? rich`${code(`${key}: ${show(newValue)}`)} added`
        : newValue === undefined
          ? rich`${code(`${key}: ${show(oldValue)}`)} removed`
          : rich`${code(key)} changed from ${code(show(oldValue))} to ${code(show(newValue))}`;
    const narrows = constraintNarrows(comparison, key, oldValue, newValue, place);
    const reason = narrows
      ? rich`values that passed the old constraint may be rejected now`
      : TUPLE_BOUNDS.has(key)
        ? rich`every value that was valid still is, but json-schema-to-typescript turns ${code(key)} into a tuple type, so the generated type changes`
        : rich`the constraint is looser: every value that was valid still is, and the generated type does not change`;
    comparison.record(
      place,
      "constraint-changed",
      narrows || TUPLE_BOUNDS.has(key),
      rich`: ${what}`,
      reason,
      show(oldValue),
      show(newValue),
    );
  }
}

/** Does the change of constraint `key` reject values that passed before? */
function constraintNarrows(comparison: Comparison, key: string, oldValue: unknown, newValue: unknown, place: ChangePlace): boolean {
  if (key === "uniqueItems") return newValue === true;
  if (EXCLUSIVE_FLAGS.has(key) && comparison.newView.draft(place.new!.file) === "draft-04") return newValue === true;
  const bothNumbers = typeof oldValue === "number" && typeof newValue === "number";
  if (LOWER_BOUNDS.includes(key)) return newValue !== undefined && (!bothNumbers || newValue > oldValue);
  if (UPPER_BOUNDS.includes(key)) return newValue !== undefined && (!bothNumbers || newValue < oldValue);
  return newValue !== undefined;
}

/** Descriptions and other annotations: documentation only. */
export function compareAnnotations(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  if (canonicalJson(oldSchema.description) !== canonicalJson(newSchema.description)) {
    const from = typeof oldSchema.description === "string" ? oldSchema.description : undefined;
    const to = typeof newSchema.description === "string" ? newSchema.description : undefined;
    const verb = from === undefined ? "added" : to === undefined ? "removed" : "changed";
    comparison.record(
      place,
      "description-changed",
      false,
      rich`: description ${verb}`,
      rich`documentation only: validation and the generated types are unchanged (but for a doc comment)`,
      from,
      to,
    );
  }
  const extensions = unique([...Object.keys(oldSchema), ...Object.keys(newSchema)].filter((key) => key.startsWith("x-")));
  for (const key of [...ANNOTATIONS, ...extensions]) {
    if (canonicalJson(oldSchema[key]) === canonicalJson(newSchema[key])) continue;
    comparison.record(
      place,
      "annotation-changed",
      false,
      rich`: ${code(key)} ${oldSchema[key] === undefined ? "added" : newSchema[key] === undefined ? "removed" : "changed"}`,
      rich`an annotation: it changes neither which events are valid nor the shape of the generated types`,
      show(oldSchema[key]),
      show(newSchema[key]),
    );
  }
}

/** Every keyword the rules do not handle, compared as a whole. */
export function compareOtherKeywords(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  for (const key of unique([...Object.keys(oldSchema), ...Object.keys(newSchema)])) {
    if (HANDLED.has(key) || key.startsWith("x-")) continue;
    if (canonicalJson(oldSchema[key]) !== canonicalJson(newSchema[key]))
      recordUnanalysed(comparison, place, key, oldSchema[key], newSchema[key]);
  }
}

/** A keyword the comparison does not analyse changed: breaking, until a person checks it. */
export function recordUnanalysed(comparison: Comparison, place: ChangePlace, key: string, oldValue: unknown, newValue: unknown): void {
  const verb = oldValue === undefined ? "added" : newValue === undefined ? "removed" : "changed";
  const keywordPlace: ChangePlace = {
    ...place,
    ...(place.old && oldValue !== undefined ? { old: childPlace(place.old, key) } : {}),
    ...(place.new && newValue !== undefined ? { new: childPlace(place.new, key) } : {}),
  };
  comparison.record(
    keywordPlace,
    "other-changed",
    true,
    rich`: ${code(key)} ${verb}`,
    rich`cws-docgen does not analyse ${code(key)}; it is counted as breaking until a person checks that valid events stay valid and the generated types still fit`,
    show(oldValue),
    show(newValue),
  );
}
