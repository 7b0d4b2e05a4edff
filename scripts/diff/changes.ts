/**
 * What a comparison returns: the changes between two schemas, each with its kind,
 * whether it is breaking, and the message and reason in words.
 */
import type { ResolvedSchema } from "../stages/dereference.js";
import type { Rich } from "./rich-text.js";

export type ChangeKind =
  | "definition-added"
  | "definition-removed"
  | "field-added"
  | "field-removed"
  | "type-changed"
  | "type-narrowed"
  | "type-widened"
  | "field-became-required"
  | "field-became-optional"
  | "additional-properties-changed"
  | "constraint-changed"
  | "description-changed"
  | "annotation-changed"
  | "other-changed"
  | "attribute-added"
  | "attribute-removed";

export interface SchemaChange {
  /** The definition the change is in; null for the root schema. */
  definition: string | null;
  /** The field, as a path inside the definition (`mount_id`, `parent.name`, `flags[]`); null for the definition (or the root) as a whole. */
  field: string | null;
  kind: ChangeKind;
  breaking: boolean;
  /** What changed, in one line. */
  message: string;
  /** Why it is (or is not) breaking. */
  reason: string;
  /** The old and the new value, shortly (a type, a description, an enum), when the change has them. */
  from?: string;
  to?: string;
  /** Where: JSON pointers in the old and in the new schema (prefixed with `file#` when not in the root file). */
  pointer: { old?: string; new?: string };
  /**
   * For `attribute-added` and `attribute-removed`: the attribute path (stages/index-attributes.ts), keyed by its
   * marked path and its branches; `below` lists the paths under it that were added or removed with it.
   */
  attribute?: { path: string; marked: string; branches?: string[]; below: string[] };
  /** `message` and `reason` with their code spans marked; `short` is the message without the place. */
  rich: { message: Rich; short: Rich; reason: Rich };
}

export interface SchemaDiff {
  /** How the two schemas were named (file paths or git revisions). */
  old: string;
  new: string;
  changes: SchemaChange[];
  /** What the comparison left out, and why (a side with more attribute paths than the attribute stage lists). Absent when nothing. */
  notes?: string[];
}

/** A schema to compare, as loaded and resolved by the load and dereference stages. */
export interface DiffInput {
  label: string;
  resolved: ResolvedSchema;
}
