/**
 * The attribute paths (stage 5) that only one side has: removed ones are breaking
 * (searches, facets and detection rules that name them find nothing in new
 * events), added ones are not. A path is the same on both sides when its
 * segments (names, arrays, wildcards) and its branches are. A path removed or
 * added with everything under it (a field that held an object, a definition
 * gone) is one change for the whole subtree: the top path, the others in `below`.
 */
import { basename } from "node:path";
import { DocgenError } from "../core/problems.js";
import { MAX_ATTRIBUTES, type Attribute, type Segment } from "../stages/index-attributes.js";
import type { SchemaChange } from "./changes.js";
import { code, plain, rich } from "./rich-text.js";
import type { SchemaView } from "./views.js";
import { canonicalJson } from "../core/canonical-json.js";

/** A path with the paths under it that were added or removed with it. */
interface AttributeSubtree {
  top: Attribute;
  below: Attribute[];
}

/** The attribute changes between two views, or a note saying why they were not compared. */
export function attributeChanges(oldView: SchemaView, newView: SchemaView): { changes: SchemaChange[]; note?: string } {
  let oldAttributes: Attribute[];
  let newAttributes: Attribute[];
  try {
    oldAttributes = oldView.attributes();
    newAttributes = newView.attributes();
  } catch (err) {
    // Too many paths to list (definitions shared along long chains): the rest of the comparison stands.
    if (!(err instanceof DocgenError)) throw err;
    return {
      changes: [],
      note: `attribute paths not compared: a schema gives more than ${MAX_ATTRIBUTES.toLocaleString("en-US")} of them (definitions shared along long chains)`,
    };
  }
  return {
    changes: [
      ...subtrees(onlyIn(oldAttributes, newAttributes)).map((subtree) => attributeChange(subtree, "attribute-removed", oldView)),
      ...subtrees(onlyIn(newAttributes, oldAttributes)).map((subtree) => attributeChange(subtree, "attribute-added", newView)),
    ],
  };
}

function attributeKey(attribute: Attribute): string {
  return canonicalJson([attribute.segments, attribute.branches ?? []]);
}

/** The attributes of `attributes` that `other` does not have. */
function onlyIn(attributes: Attribute[], other: Attribute[]): Attribute[] {
  const otherKeys = new Set(other.map(attributeKey));
  return attributes.filter((attribute) => !otherKeys.has(attributeKey(attribute)));
}

/** Paths in depth-first order, grouped under the first one each continues (its segments and branches extend that one's). */
function subtrees(attributes: Attribute[]): AttributeSubtree[] {
  const groups: AttributeSubtree[] = [];
  for (const attribute of attributes) {
    const last = groups.at(-1);
    if (last && isUnder(attribute, last.top)) last.below.push(attribute);
    else groups.push({ top: attribute, below: [] });
  }
  return groups;
}

function isUnder(attribute: Attribute, top: Attribute): boolean {
  const sameSegment = (segment: Segment, other: Segment | undefined) =>
    other !== undefined && canonicalJson(segment) === canonicalJson(other);
  return (
    attribute.segments.length > top.segments.length &&
    top.segments.every((segment, i) => sameSegment(segment, attribute.segments[i])) &&
    (top.branches ?? []).every((branch, i) => attribute.branches?.[i] === branch)
  );
}

function attributeChange(subtree: AttributeSubtree, kind: "attribute-added" | "attribute-removed", view: SchemaView): SchemaChange {
  const { top, below } = subtree;
  const removed = kind === "attribute-removed";
  const verb = removed ? "removed" : "added";
  const branches = top.branches ? rich` (in ${top.branches.join(" / ")})` : [];
  const rest = below.length > 0 ? `, with the ${below.length === 1 ? "path" : `${below.length} paths`} below it` : "";
  const message = rich`attribute ${code(top.marked)}${branches} ${verb}${rest}`;
  const short = rich`attribute ${verb}${rest}`;
  const reason = removed
    ? rich`searches, facets and detection rules that name ${code(top.path)} find nothing in events of the new schema`
    : rich`a new path events may carry: searches and rules written for the old schema are unaffected`;
  const rootName = basename(view.rootFile);
  const pointer = top.source.file === rootName ? top.source.pointer : `${top.source.file}#${top.source.pointer}`;
  return {
    definition: null,
    field: null,
    kind,
    breaking: removed,
    message: plain(message),
    reason: plain(reason),
    pointer: removed ? { old: pointer } : { new: pointer },
    attribute: {
      path: top.path,
      marked: top.marked,
      ...(top.branches ? { branches: top.branches } : {}),
      below: below.map((attribute) => attribute.marked),
    },
    rich: { message, short, reason },
  };
}
