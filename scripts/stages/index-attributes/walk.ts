/**
 * Stage 5, attributes: the state of one listing (what it reads, what it has listed so far) and
 * the steps of its depth-first walk, which the attribute and children steps pass along.
 */
import { dirname, relative, sep } from "node:path";
import type { ResolvedSchema } from "../dereference.js";
import type { DefinitionIndex, Reference } from "../model.js";
import { DocgenError } from "../../core/problems.js";
import { schemasOf, type OnPath, type Place, type Schemas } from "./places.js";
import type { Attribute, Segment } from "./types.js";

/** Where a walk is: the path so far, and what every step had in common. */
export interface Walk {
  segments: Segment[];
  required: boolean;
  branches: string[];
  /** Every `$ref` target on the path. */
  onPath: OnPath;
}

/** One name (or wildcard) inside an object value: every schema that declares it there, merged. */
export interface Child {
  segment: Segment;
  owns: Place[];
  declaredBy: number | undefined;
  required: boolean;
}

/** The work left, done from a stack (a `$ref` chain thousands of definitions long must not overflow the call stack). */
export type Task = { attribute: Child; walk: Walk } | { children: Place[]; walk: Walk };

/** One listing of a schema's attributes: what it reads, its cap, and the attributes listed so far. */
export interface Listing {
  schemas: Schemas;
  /** The ids of the definitions' headings, in `index` order, on the page the attributes link to. */
  anchors: readonly string[];
  /** The most paths the schema may give. */
  max: number;
  rootFile: string;
  /** Each file as an attribute's `source` shows it, worked out once: a deep schema lists the same few files thousands of times. */
  shown: Map<string, string>;
  attributes: Attribute[];
}

export function newListing(resolved: ResolvedSchema, index: DefinitionIndex, anchors: readonly string[], max: number): Listing {
  const rootFile = resolved.rootFile;
  return { schemas: schemasOf(resolved, index), anchors, max, rootFile, shown: new Map(), attributes: [] };
}

/** A file as a `source` names it: the root schema by its name, any other relative to the root schema's folder. */
export function shownFile(listing: Listing, file: string): string {
  let text = listing.shown.get(file);
  if (text === undefined) {
    text =
      file === listing.rootFile
        ? listing.schemas.resolved.root.file.split(sep).pop()!
        : relative(dirname(listing.rootFile), file).split(sep).join("/");
    listing.shown.set(file, text);
  }
  return text;
}

/** The definition numbered `i` in the index, as the page links to it. */
export function refTo(listing: Listing, i: number): Reference {
  return { name: listing.schemas.index.entries[i]!.name, anchor: listing.anchors[i]! };
}

/** The refusal of a schema that gives more paths than the cap. */
export function tooManyPaths(listing: Listing): DocgenError {
  return new DocgenError([
    {
      file: listing.schemas.resolved.root.file,
      message: `the schema gives more than ${listing.max.toLocaleString("en-US")} attribute paths (definitions shared along long chains multiply them)`,
      hint: "leave the attribute index out of this page's config (no `attributes` file, no attributes template), or share fewer definitions along deep chains",
    },
  ]);
}
