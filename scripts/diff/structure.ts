/**
 * The rules for the keywords that hold sub-schemas: `items`, `properties` with
 * `required`, and `additionalProperties`. Sub-schemas present on both sides are
 * compared again through `Comparison.compareNode`.
 */
import { isObject, type JsonObject } from "../core/schema-walk.js";
import { childPlace, typeName, type FilePlace } from "./views.js";
import { qualifiedName, type ChangePlace, type Comparison } from "./comparison.js";
import { recordUnanalysed } from "./keywords.js";
import { code, rich, type Rich } from "./rich-text.js";
import { asSchema, requiredOf, show, unique } from "./schema-values.js";
import { canonicalJson } from "../core/canonical-json.js";

/** The items of an array (one schema for all items; a list of schemas is compared as a whole). */
export function compareItems(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  const oldItems = oldSchema.items;
  const newItems = newSchema.items;
  if (Array.isArray(oldItems) || Array.isArray(newItems)) {
    if (canonicalJson(oldItems) !== canonicalJson(newItems)) recordUnanalysed(comparison, place, "items", oldItems, newItems);
    return;
  }
  comparison.compareNode(oldItems ?? {}, newItems ?? {}, {
    definition: place.definition,
    field: `${place.field ?? ""}[]`,
    ...(place.old ? { old: childPlace(place.old, "items") } : {}),
    ...(place.new ? { new: childPlace(place.new, "items") } : {}),
  });
}

/** One side of an object schema: its properties and its required names. */
interface ObjectSide {
  properties: JsonObject;
  required: Set<string>;
}

function objectSide(schema: JsonObject): ObjectSide {
  return { properties: isObject(schema.properties) ? schema.properties : {}, required: requiredOf(schema) };
}

function hasProperty(side: ObjectSide, name: string): boolean {
  return Object.hasOwn(side.properties, name);
}

/** Where a property is: its schema under `properties`, else its name's listing in `required`. */
function propertyPlace(side: ObjectSide, objectPlace: FilePlace, name: string): FilePlace {
  return hasProperty(side, name) ? childPlace(objectPlace, "properties", name) : childPlace(objectPlace, "required");
}

/** Properties, required and additionalProperties. */
export function compareObject(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  const oldSide = objectSide(oldSchema);
  const newSide = objectSide(newSchema);
  const names = unique([...Object.keys(oldSide.properties), ...oldSide.required, ...Object.keys(newSide.properties), ...newSide.required]);
  const closedNew = newSchema.additionalProperties === false;
  for (const name of names) compareProperty(comparison, oldSide, newSide, name, closedNew, place);
  compareAdditionalProperties(comparison, oldSchema, newSchema, place);
}

/** One property name, listed in `properties` or `required` on either side. */
function compareProperty(
  comparison: Comparison,
  oldSide: ObjectSide,
  newSide: ObjectSide,
  name: string,
  closedNew: boolean,
  place: ChangePlace,
): void {
  const inOld = hasProperty(oldSide, name) || oldSide.required.has(name);
  const inNew = hasProperty(newSide, name) || newSide.required.has(name);
  const field: ChangePlace = { definition: place.definition, field: place.field === null ? name : `${place.field}.${name}` };
  if (place.old && inOld) field.old = propertyPlace(oldSide, place.old, name);
  if (place.new && inNew) field.new = propertyPlace(newSide, place.new, name);
  if (!inOld) {
    const to = typeName(comparison.newView, asSchema(newSide.properties[name]), place.new!.file);
    if (newSide.required.has(name)) {
      comparison.record(
        field,
        "field-added",
        true,
        rich` added (required)`,
        rich`events without it, valid before, are now rejected`,
        undefined,
        to,
      );
    } else {
      comparison.record(
        field,
        "field-added",
        false,
        rich` added (optional)`,
        rich`events without it stay valid, and code written for the old types compiles unchanged`,
        undefined,
        to,
      );
    }
    return;
  }
  if (!inNew) {
    const from = typeName(comparison.oldView, asSchema(oldSide.properties[name]), place.old!.file);
    const events = closedNew ? rich`, and events that still carry it are now rejected (additionalProperties is false)` : [];
    const reason: Rich = [...rich`code that reads ${code(qualifiedName(field))} no longer compiles`, ...events];
    comparison.record(field, "field-removed", true, rich` removed`, reason, from, undefined);
    return;
  }
  comparison.compareNode(
    hasProperty(oldSide, name) ? oldSide.properties[name] : {},
    hasProperty(newSide, name) ? newSide.properties[name] : {},
    field,
  );
  compareRequired(comparison, oldSide.required.has(name), newSide.required.has(name), field);
}

/** A field present on both sides that became required, or optional. */
function compareRequired(comparison: Comparison, requiredBefore: boolean, requiredNow: boolean, field: ChangePlace): void {
  if (!requiredBefore && requiredNow) {
    comparison.record(
      field,
      "field-became-required",
      true,
      rich` became required`,
      rich`events without it, valid before, are now rejected`,
      "optional",
      "required",
    );
  } else if (requiredBefore && !requiredNow) {
    comparison.record(
      field,
      "field-became-optional",
      true,
      rich` became optional`,
      rich`events may now come without it, and the generated property gets a ${code("?")}: code that relies on it being there no longer compiles under strict null checks`,
      "required",
      "optional",
    );
  }
}

function compareAdditionalProperties(comparison: Comparison, oldSchema: JsonObject, newSchema: JsonObject, place: ChangePlace): void {
  // Not written means allowed (true).
  const oldValue = "additionalProperties" in oldSchema ? oldSchema.additionalProperties : true;
  const newValue = "additionalProperties" in newSchema ? newSchema.additionalProperties : true;
  if (canonicalJson(oldValue) === canonicalJson(newValue)) return;
  const from = show(oldValue);
  const to = show(newValue);
  const keywordPlace: ChangePlace = {
    ...place,
    ...(place.old ? { old: childPlace(place.old, "additionalProperties") } : {}),
    ...(place.new ? { new: childPlace(place.new, "additionalProperties") } : {}),
  };
  const { breaking, reason } = additionalPropertiesVerdict(oldValue, newValue);
  comparison.record(
    keywordPlace,
    "additional-properties-changed",
    breaking,
    rich`: additionalProperties changed from ${code(from)} to ${code(to)}`,
    reason,
    from,
    to,
  );
}

/** Whether a change of additionalProperties (`true`, `false` or a schema on each side) is breaking, and why. */
function additionalPropertiesVerdict(oldValue: unknown, newValue: unknown): { breaking: boolean; reason: Rich } {
  if (newValue === true) {
    return {
      breaking: false,
      reason: rich`more is allowed: every event that was valid still is; the generated interface only gains an index signature (${code("[k: string]: unknown")}), so code that reads the listed fields compiles unchanged`,
    };
  }
  if (newValue === false) {
    return { breaking: true, reason: rich`events with properties the schema does not list, valid before, are now rejected` };
  }
  if (oldValue === true) {
    return {
      breaking: true,
      reason: rich`unlisted properties must now match a schema: events whose extra properties do not, valid before, are now rejected`,
    };
  }
  if (oldValue === false) {
    return {
      breaking: false,
      reason: rich`more is allowed: every event that was valid still is; the generated interface gains an index signature for the extra properties`,
    };
  }
  return {
    breaking: true,
    reason: rich`the schema for unlisted properties changed: extra properties that matched the old one may not match the new one`,
  };
}
