/**
 * Stage 5, attributes: a lower bound of how many paths the walk lists, in time linear in the
 * schema, so that a schema past the cap is refused before a single path is built.
 */
import { isObject } from "../../core/schema-walk.js";
import { cyclicTargets } from "./cycles.js";
import { ownTypes } from "./json-types.js";
import { follow, keyOf, mergePlaces, propertyPlace, type Place, type Schemas } from "./places.js";

/**
 * At least how many paths the walk lists (at most `max + 1`: past it the count stops growing),
 * in time linear in the schema: the paths of properties alone (wildcards, branches and array items
 * only add paths, so they are left out), each value counted once however many places it recurs in,
 * and no value continued past a `$ref` target that can reach itself (`cyclicTargets`: only there does the
 * walk stop a path, at a target already on it, so only there does what it lists depend on the
 * path; the attribute itself is counted). A schema past the cap by this count is refused before a
 * single path is built (a deep DAG of shared definitions: milliseconds instead of seconds).
 */
export function pathsAtLeast(schemas: Schemas, start: Place[], max: number): number {
  const isCyclic = cyclicTargets(schemas.resolved);
  const cap = max + 1;
  const memo = new Map<string, number>();
  // Depth first from a stack (chains thousands of definitions long): a value's count once all its children's are known.
  const frames: { key: string; children: (Place[] | undefined)[]; next: number; sum: number }[] = [];
  const open = (places: Place[]) =>
    frames.push({ key: valueKey(places), children: childValues(schemas, places, isCyclic), next: 0, sum: 0 });
  const inProgress = new Set<string>();
  open(start);
  inProgress.add(frames[0]!.key);
  let total = 0;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next < frame.children.length && frame.sum < cap) {
      const child = frame.children[frame.next++];
      const key = child && valueKey(child);
      if (child === undefined || inProgress.has(key!)) frame.sum = Math.min(cap, frame.sum + 1);
      else if (memo.has(key!)) frame.sum = Math.min(cap, frame.sum + 1 + memo.get(key!)!);
      else {
        // Counted when it closes; its own attribute now.
        frame.sum = Math.min(cap, frame.sum + 1);
        open(child);
        inProgress.add(key!);
      }
      continue;
    }
    frames.pop();
    inProgress.delete(frame.key);
    memo.set(frame.key, frame.sum);
    const parent = frames[frames.length - 1];
    if (parent) parent.sum = Math.min(cap, parent.sum + frame.sum);
    else total = frame.sum;
  }
  return total;
}

/** One value's key: the places of its schemas. */
const valueKey = (places: Place[]) => places.map(keyOf).join("\n");

/** The values one level down: each property name once (its places merged), or undefined for a value not continued. */
function childValues(schemas: Schemas, places: Place[], isCyclic: (target: Place) => boolean): (Place[] | undefined)[] {
  if (ownTypes(places.map((p) => p.schema)).includes("array")) return [];
  const owns = new Map<string, Place[]>();
  for (const place of places)
    if (isObject(place.schema.properties))
      for (const name of Object.keys(place.schema.properties)) {
        const own = propertyPlace(place, name);
        if (!own) continue;
        const list = owns.get(name);
        if (list) list.push(own);
        else owns.set(name, [own]);
      }
  return [...owns.values()].map((list) => {
    const value: Place[] = [];
    for (const own of list) {
      const followed = follow(schemas, own, undefined);
      // Its places after the first are the targets it entered, one for each.
      if (followed.recursive || followed.places.slice(1).some(isCyclic)) return undefined;
      mergePlaces(value, followed.places);
    }
    return value;
  });
}
