/**
 * Stage 5, attributes: the paths one level inside an object value. The schemas that apply to
 * one value all apply, so a name several of them declare is listed once (required when any of
 * them requires it); then every composition branch, each a value of its own.
 */
import { propertyOrder } from "../model.js";
import { nodeAt } from "../../core/json-position.js";
import { pointerToken, pointerTokens } from "../../core/problems.js";
import { isObject } from "../../core/schema-walk.js";
import { asSchema, follow, keyOf, propertyPlace, type Place, type Schemas } from "./places.js";
import { pathText, type Segment } from "./types.js";
import type { Child, Task, Walk } from "./walk.js";

const BRANCH_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;

/** The paths inside an object value whose schemas are `places`, then those of their composition branches, as tasks in order. */
export function childTasks(schemas: Schemas, places: Place[], walk: Walk): Task[] {
  const tasks: Task[] = [];
  for (const child of namedChildren(schemas, places, walk))
    tasks.push({ attribute: child, walk: { ...walk, segments: [...walk.segments, child.segment], required: child.required } });
  for (const { schema, file, pointer } of places) {
    const branch = (sub: unknown, label: string, subPointer: string) => {
      const task = branchTask(schemas, sub, label, { file, pointer: subPointer }, walk);
      if (task) tasks.push(task);
    };
    for (const k of BRANCH_KEYWORDS)
      if (Array.isArray(schema[k]))
        (schema[k] as unknown[]).forEach((sub, i) => {
          branch(sub, `${k}[${i}]`, `${pointer}/${k}/${i}`);
        });
    for (const k of ["then", "else"]) branch(schema[k], k, `${pointer}/${k}`);
    // A schema that applies when a property is there (`dependentSchemas`, draft-04 to 07's `dependencies` of schemas).
    for (const k of ["dependentSchemas", "dependencies"])
      if (isObject(schema[k]))
        for (const name of Object.keys(schema[k]))
          branch(schema[k][name], `${k}[${JSON.stringify(name)}]`, `${pointer}/${k}/${pointerToken(name)}`);
  }
  return tasks;
}

/** The names (and wildcards) the schemas of one value declare, in schema order, each with every schema that declares it. */
function namedChildren(schemas: Schemas, places: Place[], walk: Walk): Iterable<Child> {
  const required = new Set<string>();
  for (const { schema } of places)
    if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === "string") required.add(r);
  const found = new Map<string, Child>();
  const closed = places.some((p) => "additionalProperties" in p.schema);
  const add = (key: string, segment: Segment, own: Place, declaredBy: number | undefined, isRequired: boolean) => {
    const child = found.get(key);
    if (child) child.owns.push(own);
    else found.set(key, { segment, owns: [own], declaredBy, required: isRequired });
  };
  for (const place of places) {
    const { schema, file, pointer } = place;
    const declaredBy = schemas.definitionAt.get(keyOf(place));
    if (isObject(schema.properties)) {
      for (const name of propertyOrder(schema.properties, () => {
        const tree = schemas.resolved.files.get(file)?.tree;
        return tree && nodeAt(tree, pointerTokens(pointer));
      })) {
        const own = propertyPlace(place, name);
        if (own) add(`p:${name}`, { name, arrays: 0 }, own, declaredBy, walk.required && required.has(name));
      }
    }
    if (isObject(schema.patternProperties))
      for (const pattern of Object.keys(schema.patternProperties)) {
        const sub = asSchema(schema.patternProperties[pattern]);
        if (!sub) continue;
        const own = { schema: sub, file, pointer: `${pointer}/patternProperties/${pointerToken(pattern)}` };
        add(`r:${pattern}`, { name: "*", wildcard: { pattern }, arrays: 0 }, own, declaredBy, false);
      }
    // `unevaluatedProperties` (2019-09 on) is "any other name" too, where no `additionalProperties` of the value
    // has already evaluated every other name.
    for (const k of closed ? ["additionalProperties"] : ["additionalProperties", "unevaluatedProperties"]) {
      const other = asSchema(schema[k]);
      if (other) add("a", { name: "*", wildcard: {}, arrays: 0 }, { schema: other, file, pointer: `${pointer}/${k}` }, declaredBy, false);
    }
  }
  return found.values();
}

/** The paths of one composition branch (`label`, written at `at`), as a task; none for a `false` branch or a schema already on the path. */
function branchTask(schemas: Schemas, sub: unknown, label: string, at: { file: string; pointer: string }, walk: Walk): Task | undefined {
  const schema = asSchema(sub);
  if (!schema) return undefined;
  const followed = follow(schemas, { schema, file: at.file, pointer: at.pointer }, walk.onPath);
  // A branch that is a schema already on the path adds nothing: its paths are listed where it was entered.
  if (followed.recursive) return undefined;
  let onPath = walk.onPath;
  for (const key of followed.entered) onPath = { key, at: pathText(walk.segments, false), up: onPath };
  // Every `allOf` branch applies to the value: what it requires is required; any other branch may not apply.
  const required = label.startsWith("allOf[") && walk.required;
  // The value it applies to: the same label at two levels is two branches.
  const appliesTo = walk.segments.length === 0 ? label : `${pathText(walk.segments, true)}: ${label}`;
  return { children: followed.places, walk: { ...walk, required, branches: [...walk.branches, appliesTo], onPath } };
}
