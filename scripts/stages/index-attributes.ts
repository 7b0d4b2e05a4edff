/**
 * Stage 5, attributes: every attribute path an event can carry, flattened from
 * the root (`process.ancestors.file.path`), the way log searches, facets and
 * detection rules name them.
 *
 * - A property adds a segment; `additionalProperties` (else
 *   `unevaluatedProperties`) and `patternProperties` add a wildcard segment
 *   (`*`; `segments` tells them apart by their pattern).
 *   A `true` schema (a property, a wildcard, `items`) can be carried with any
 *   value: it is listed, with no types. A `false` one cannot: it is not.
 * - An array is marked on its segment (`process.ancestors[]`), once per level
 *   (`matrix[][]`), and the paths of its items continue through it, as log
 *   attributes do. A tuple (`items` as a list, `prefixItems`) is marked but not
 *   continued: a log search names no position; its `itemTypes` are those of
 *   its positions when each says.
 * - `$ref`s are followed. A `$ref` to a schema already on the path (a
 *   definition reachable from itself) ends the path there with a `recursive`
 *   mark that names the definition: the list is finite, and no path goes
 *   through one `$ref` target twice. A definition shared by several places is
 *   listed under each of them.
 * - The schemas that apply to one value (a schema and the targets of its
 *   `$ref`s) are one object: a name that several of them declare is listed
 *   once, and it is required when any of them requires it.
 * - `allOf`/`anyOf`/`oneOf`, `then`/`else` and `dependentSchemas` (`dependencies`)
 *   contribute every branch's
 *   paths, each marked with the branches it went through: a name declared in
 *   two branches is listed twice. A branch that is a schema already on the path
 *   adds nothing. Only a value's own schemas make it an array: an array that
 *   one branch allows is not marked, and its items are not continued.
 * - `required`: in its parent's `required` at every step from the root; through
 *   an `allOf` branch (it always applies), never through another branch or a
 *   wildcard, nor through an array that may be empty (no `minItems` of 1 or more).
 * - Depth first, from a stack: a `$ref` chain thousands of definitions long
 *   does not overflow the call stack; past `maxAttributes` paths the schema is
 *   refused with a `DocgenError`: before the walk, when a count linear in the
 *   schema (its properties' paths alone, a lower bound) already passes the cap.
 *
 * Facts only, in schema order: how they are escaped and laid out is the
 * render stage's, the command line's and the JSON output's business.
 *
 * This module is the stage's entry: it starts the walk and exports what the
 * other layers use. Its parts, in index-attributes/: types.ts (what it gives),
 * places.ts (following `$ref`s), json-types.ts, walk.ts (the walk's state),
 * attribute.ts and children.ts (its two steps), count.ts and cycles.ts (the
 * count that refuses a schema before the walk), document.ts (the JSON file).
 */
import type { ResolvedSchema } from "./dereference.js";
import type { DefinitionIndex } from "./model.js";
import { listAttribute } from "./index-attributes/attribute.js";
import { childTasks } from "./index-attributes/children.js";
import { pathsAtLeast } from "./index-attributes/count.js";
import { asSchema, follow, type OnPath, type Place } from "./index-attributes/places.js";
import { MAX_ATTRIBUTES, type AttributeIndex, type AttributeOptions } from "./index-attributes/types.js";
import { newListing, tooManyPaths, type Task } from "./index-attributes/walk.js";

export { attributesDocument, attributesJson } from "./index-attributes/document.js";
export {
  MAX_ATTRIBUTES,
  pathText,
  type Attribute,
  type AttributeIndex,
  type AttributeOptions,
  type Segment,
} from "./index-attributes/types.js";

/**
 * The attribute index of a resolved schema. `anchors` are the ids of the
 * definitions' headings (in `index` order) on the page the attributes link to
 * (`pageAnchors` of stage 4).
 */
export function indexAttributes(
  resolved: ResolvedSchema,
  index: DefinitionIndex,
  anchors: readonly string[],
  options: AttributeOptions = {},
): AttributeIndex {
  const listing = newListing(resolved, index, anchors, options.maxAttributes ?? MAX_ATTRIBUTES);
  const { schemas, rootFile } = listing;
  const root: Place = { schema: asSchema(resolved.root.value) ?? {}, file: rootFile, pointer: "" };
  let onPath: OnPath = { key: `${rootFile}#`, at: "", up: undefined };
  const rootFollowed = follow(schemas, root, onPath);
  for (const key of rootFollowed.entered) onPath = { key, at: "", up: onPath };
  if (!rootFollowed.recursive && pathsAtLeast(schemas, rootFollowed.places, listing.max) > listing.max) throw tooManyPaths(listing);
  // Depth first: a task's own tasks go on top of the stack, first one last.
  const stack: Task[] = rootFollowed.recursive
    ? []
    : [{ children: rootFollowed.places, walk: { segments: [], required: true, branches: [], onPath } }];
  for (let task = stack.pop(); task; task = stack.pop()) {
    const next = "attribute" in task ? listAttribute(listing, task.attribute, task.walk) : childTasks(schemas, task.children, task.walk);
    if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    else if (next) stack.push(next);
  }
  return { attributes: listing.attributes };
}
