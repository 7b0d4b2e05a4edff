/**
 * Schema evolution, compare: two resolved schemas → the list of changes between
 * them, each classified as breaking or not, with the reason in words.
 *
 * Who it is for: someone who consumes the generated TypeScript types AND
 * validates events against the schema. A change is breaking when, after moving
 * from the old schema to the new one,
 *   - an event that the old schema accepted may be rejected by the new one
 *     (narrowing: a removed type, a removed enum value, a new required field, a
 *     tighter constraint, additionalProperties turned off), or
 *   - code written against the old generated types may no longer compile or may
 *     meet values it was not written for (a removed or renamed field or type, a
 *     field that became optional, a type that gained a member such as `null` or
 *     a new enum value).
 * A change is not breaking when neither can happen: an optional field or a
 * definition added, a description edited, `integer` widened to `number` (both
 * are `number` in TypeScript), a constraint loosened, additionalProperties
 * turned on (old events stay valid; the interface only gains an index signature).
 * A keyword this module does not analyse (`anyOf`, `patternProperties`, …) is
 * still reported, as breaking, so that a person looks at it.
 *
 * Definitions are compared by name (under `definitions` or `$defs`, and those
 * of other local files that the schema refers to); `$ref`s are compared by the
 * name of the definition they point to, not by their text.
 *
 * This file walks the two schemas and collects the changes: views.ts is how a
 * schema is seen, keywords.ts and structure.ts hold the per-keyword rules,
 * attributes.ts compares the attribute paths, rich-text.ts words the messages.
 */
import { DEFINITION_KEYWORDS, type JsonObject } from "../core/schema-walk.js";
import { attributeChanges } from "./attributes.js";
import type { DiffInput, SchemaDiff } from "./changes.js";
import { Comparison, type ChangePlace } from "./comparison.js";
import { compareAllowedValues, compareAnnotations, compareConstraints, compareOtherKeywords, compareTypes } from "./keywords.js";
import { code, joinedList, rich } from "./rich-text.js";
import { asSchema, isObjectLike, show, withoutKeys } from "./schema-values.js";
import { compareItems, compareObject } from "./structure.js";
import { typeName, viewSchema, type SchemaView } from "./views.js";

export type { DiffInput, SchemaChange, SchemaDiff } from "./changes.js";

/** The root schema's keywords that are not compared with its own: the definitions (compared by name) and `$schema` (on its own). */
const ROOT_SKIP = new Set([...DEFINITION_KEYWORDS, "$schema"]);

export function diffSchemas(oldInput: DiffInput, newInput: DiffInput): SchemaDiff {
  const comparison = new Comparison(viewSchema(oldInput.resolved), viewSchema(newInput.resolved), compareNode);
  compareRoot(comparison);
  compareDefinitions(comparison);
  const attributes = attributeChanges(comparison.oldView, comparison.newView);
  const changes = [...comparison.changes, ...attributes.changes];
  return { old: oldInput.label, new: newInput.label, changes, ...(attributes.note ? { notes: [attributes.note] } : {}) };
}

/** The root schema: its own keywords and properties, without the definitions; then its `$schema`. */
function compareRoot(comparison: Comparison): void {
  const { oldView, newView } = comparison;
  comparison.compareNode(withoutKeys(oldView.rootValue, ROOT_SKIP), withoutKeys(newView.rootValue, ROOT_SKIP), {
    definition: null,
    field: null,
    old: { file: oldView.rootFile, path: [] },
    new: { file: newView.rootFile, path: [] },
  });
  if (oldView.rootValue.$schema === newView.rootValue.$schema) return;
  comparison.record(
    {
      definition: null,
      field: null,
      old: { file: oldView.rootFile, path: ["$schema"] },
      new: { file: newView.rootFile, path: ["$schema"] },
    },
    "other-changed",
    true,
    rich`: ${code("$schema")} changed`,
    rich`the JSON Schema dialect changed, and validators may read the same keywords differently; check the schema by hand`,
    show(oldView.rootValue.$schema),
    show(newView.rootValue.$schema),
  );
}

/** Definitions, in the old schema's order, then the new ones in the new schema's order. */
function compareDefinitions(comparison: Comparison): void {
  const { oldView, newView } = comparison;
  for (const [name, oldDefinition] of oldView.definitions) {
    const newDefinition = newView.definitions.get(name);
    const place: ChangePlace = { definition: name, field: null, old: oldDefinition.where };
    if (newDefinition) comparison.compareNode(oldDefinition.value, newDefinition.value, { ...place, new: newDefinition.where });
    else recordRemovedDefinition(comparison, oldView, name, place);
  }
  for (const [name, newDefinition] of newView.definitions) {
    if (oldView.definitions.has(name)) continue;
    comparison.record(
      { definition: name, field: null, new: newDefinition.where },
      "definition-added",
      false,
      rich` added`,
      rich`a new type: every event that was valid stays valid, and the old types are unchanged`,
    );
  }
}

/** A removed definition is breaking when something referred to it: events could hold it. */
function recordRemovedDefinition(comparison: Comparison, oldView: SchemaView, name: string, place: ChangePlace): void {
  const users = oldView.referrers(name);
  if (users.length > 0) {
    comparison.record(
      place,
      "definition-removed",
      true,
      rich` removed`,
      rich`it was referenced by ${joinedList(users)}: events that hold it no longer validate, and code that uses the type ${code(name)} no longer compiles`,
    );
  } else {
    comparison.record(
      place,
      "definition-removed",
      false,
      rich` removed`,
      rich`nothing in the old schema referred to it, so no event could hold it; only code that imports the type ${code(name)} by name needs a change`,
    );
  }
}

/** Compares one schema (a definition, a field, the items of an array) on both sides, keyword by keyword. */
function compareNode(comparison: Comparison, oldRaw: unknown, newRaw: unknown, place: ChangePlace): void {
  // Boolean schemas: `true` accepts anything, `false` nothing.
  const oldSchema = asSchema(oldRaw);
  const newSchema = asSchema(newRaw);
  const oldRef = typeof oldSchema.$ref === "string" ? comparison.oldView.refName(oldSchema.$ref, place.old!.file) : undefined;
  const newRef = typeof newSchema.$ref === "string" ? comparison.newView.refName(newSchema.$ref, place.new!.file) : undefined;
  if (oldRef !== undefined || newRef !== undefined) {
    if (oldRef !== newRef) recordRefChange(comparison, oldSchema, newSchema, place);
    compareAnnotations(comparison, oldSchema, newSchema, place);
    // Beside a $ref (draft-04 to 7) other keywords do nothing; the referenced definition is compared on its own.
    return;
  }
  if (compareTypes(comparison, oldSchema, newSchema, place) === "changed") {
    compareAnnotations(comparison, oldSchema, newSchema, place);
    return;
  }
  compareAllowedValues(comparison, oldSchema, newSchema, place);
  compareConstraints(comparison, oldSchema, newSchema, place);
  if ("items" in oldSchema || "items" in newSchema) compareItems(comparison, oldSchema, newSchema, place);
  if (isObjectLike(oldSchema) || isObjectLike(newSchema)) compareObject(comparison, oldSchema, newSchema, place);
  compareAnnotations(comparison, oldSchema, newSchema, place);
  compareOtherKeywords(comparison, oldSchema, newSchema, place);
}

/** A `$ref` on one side that points elsewhere than the other side (or stands against an inline schema). */
function recordRefChange(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  const from = typeName(comparison.oldView, oldSchema, place.old!.file);
  const to = typeName(comparison.newView, newSchema, place.new!.file);
  comparison.record(
    place,
    "type-changed",
    true,
    rich`: type changed from ${code(from)} to ${code(to)}`,
    rich`values that were valid as ${code(from)} are checked against ${code(to)} now, and code written for ${code(from)} does not compile against ${code(to)}`,
    from,
    to,
  );
}
