/**
 * What the keyword rules work with: the place a comparison is at, the two schema
 * views, and `record`, which turns a rule's finding into a `SchemaChange` worded
 * with its place.
 */
import type { ChangeKind, SchemaChange } from "./changes.js";
import { code, plain, rich, type Rich } from "./rich-text.js";
import type { FilePlace, SchemaView } from "./views.js";

/** Where a comparison is: the definition, the field path, and the place on each side. */
export interface ChangePlace {
  definition: string | null;
  field: string | null;
  old?: FilePlace;
  new?: FilePlace;
}

/** Compares one schema on both sides at a place, recording what changed (the walk in compare.ts). */
export type NodeComparer = (comparison: Comparison, oldRaw: unknown, newRaw: unknown, place: ChangePlace) => void;

export class Comparison {
  readonly changes: SchemaChange[] = [];

  constructor(
    readonly oldView: SchemaView,
    readonly newView: SchemaView,
    private readonly nodeComparer: NodeComparer,
  ) {}

  /** Compares one schema (a definition, a field, the items of an array) on both sides. */
  compareNode(oldRaw: unknown, newRaw: unknown, place: ChangePlace): void {
    this.nodeComparer(this, oldRaw, newRaw, place);
  }

  /** Records a change; `tail` follows the place: " removed", ": type changed from …". */
  record(place: ChangePlace, kind: ChangeKind, breaking: boolean, tail: Rich, reason: Rich, from?: string, to?: string): void {
    const message = [...placeText(place), ...tail];
    const first = typeof tail[0] === "string" ? tail[0] : "";
    const short: Rich = first.startsWith(": ") ? [first.slice(2), ...tail.slice(1)] : [placeNoun(place), ...tail];
    const change: SchemaChange = {
      definition: place.definition,
      field: place.field,
      kind,
      breaking,
      message: plain(message),
      reason: plain(reason),
      pointer: {},
      rich: { message, short, reason },
    };
    if (from !== undefined) change.from = from;
    if (to !== undefined) change.to = to;
    if (place.old) change.pointer.old = this.oldView.pointer(place.old);
    if (place.new) change.pointer.new = this.newView.pointer(place.new);
    this.changes.push(change);
  }
}

/** `Definition.field`, `field` for a root field, or the definition alone. */
export function qualifiedName(place: { definition: string | null; field: string | null }): string {
  if (place.field === null) return place.definition ?? "root";
  return place.definition === null ? place.field : `${place.definition}.${place.field}`;
}

/** How a place reads at the start of a message. */
function placeText(place: ChangePlace): Rich {
  if (place.field === null) return place.definition === null ? ["the root schema"] : rich`definition ${code(place.definition)}`;
  return place.definition === null ? rich`root field ${code(place.field)}` : rich`field ${code(qualifiedName(place))}`;
}

/** What the place is, for a message that does not name it. */
function placeNoun(place: ChangePlace): string {
  if (place.field === null) return place.definition === null ? "the root schema" : "definition";
  return place.definition === null ? "root field" : "field";
}
