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
 */
import { basename, dirname, relative } from "node:path";
import type { ResolvedSchema } from "../stages/02-dereference.js";
import { draftOf, rootDraftOf, type Draft } from "../core/drafts.js";
import { DocgenError, pointerOf, pointerTokens } from "../core/problems.js";
import { getAtPointer, isObject, type JsonObject, DEFINITION_KEYWORDS } from "../core/schema-walk.js";
import { indexDefinitions, pageAnchors, type DefinitionIndex } from "../stages/04-model.js";
import { indexAttributes, MAX_ATTRIBUTES, type Attribute, type Segment } from "../stages/05-attributes.js";

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

/** Text with code spans: each format shows the spans its own way (backticks, a Markdown code span). */
export type Rich = (string | { code: string })[];

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
   * For `attribute-added` and `attribute-removed`: the attribute path (stages/05-attributes.ts), keyed by its
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

export function diffSchemas(oldInput: DiffInput, newInput: DiffInput): SchemaDiff {
  const o = side(oldInput.resolved);
  const n = side(newInput.resolved);
  const changes: SchemaChange[] = [];
  const cmp = new Comparer(o, n, changes);

  // The root schema: its own keywords and properties, without the definitions.
  const rootOld = withoutKeys(o.rootValue, ROOT_SKIP);
  const rootNew = withoutKeys(n.rootValue, ROOT_SKIP);
  cmp.node(rootOld, rootNew, { definition: null, field: null, old: { file: o.rootFile, path: [] }, new: { file: n.rootFile, path: [] } });
  if (o.rootValue.$schema !== n.rootValue.$schema) {
    cmp.push(
      { definition: null, field: null, old: { file: o.rootFile, path: ["$schema"] }, new: { file: n.rootFile, path: ["$schema"] } },
      "other-changed",
      true,
      r`: ${c("$schema")} changed`,
      r`the JSON Schema dialect changed, and validators may read the same keywords differently; check the schema by hand`,
      show(o.rootValue.$schema),
      show(n.rootValue.$schema),
    );
  }

  // Definitions, in the old schema's order, then the new ones in the new schema's order.
  for (const [name, od] of o.definitions) {
    const nd = n.definitions.get(name);
    const at: At = { definition: name, field: null, old: od.where };
    if (!nd) {
      const users = o.referrers(name);
      if (users.length > 0) {
        cmp.push(
          at,
          "definition-removed",
          true,
          r` removed`,
          r`it was referenced by ${list(users)}: events that hold it no longer validate, and code that uses the type ${c(name)} no longer compiles`,
        );
      } else {
        cmp.push(
          at,
          "definition-removed",
          false,
          r` removed`,
          r`nothing in the old schema referred to it, so no event could hold it; only code that imports the type ${c(name)} by name needs a change`,
        );
      }
      continue;
    }
    cmp.node(od.value, nd.value, { ...at, new: nd.where });
  }
  for (const [name, nd] of n.definitions) {
    if (o.definitions.has(name)) continue;
    cmp.push(
      { definition: name, field: null, new: nd.where },
      "definition-added",
      false,
      r` added`,
      r`a new type: every event that was valid stays valid, and the old types are unchanged`,
    );
  }
  const attributes = attributeChanges(o, n);
  changes.push(...attributes.changes);
  return { old: oldInput.label, new: newInput.label, changes, ...(attributes.note ? { notes: [attributes.note] } : {}) };
}

/**
 * The attribute paths (stage 5) that only one side has: removed ones are breaking
 * (searches, facets and detection rules that name them find nothing in new
 * events), added ones are not. A path is the same on both sides when its
 * segments (names, arrays, wildcards) and its branches are. A path removed or
 * added with everything under it (a field that held an object, a definition
 * gone) is one change for the whole subtree: the top path, the others in `below`.
 */
function attributeChanges(o: Side, n: Side): { changes: SchemaChange[]; note?: string } {
  const key = (a: Attribute) => canonical([a.segments, a.branches ?? []]);
  const only = (from: Attribute[], other: Attribute[]) => {
    const keys = new Set(other.map(key));
    return from.filter((a) => !keys.has(key(a)));
  };
  let oldAttributes: Attribute[];
  let newAttributes: Attribute[];
  try {
    oldAttributes = o.attributes();
    newAttributes = n.attributes();
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
      ...subtrees(only(oldAttributes, newAttributes)).map((g) => attributeChange(g, "attribute-removed", o)),
      ...subtrees(only(newAttributes, oldAttributes)).map((g) => attributeChange(g, "attribute-added", n)),
    ],
  };
}

/** Paths in depth-first order, grouped under the first one each continues (its segments and branches extend that one's). */
function subtrees(attributes: Attribute[]): { top: Attribute; below: Attribute[] }[] {
  const same = (a: Segment, b: Segment | undefined) => b !== undefined && canonical(a) === canonical(b);
  const under = (a: Attribute, top: Attribute) =>
    a.segments.length > top.segments.length &&
    top.segments.every((s, i) => same(s, a.segments[i])) &&
    (top.branches ?? []).every((b, i) => a.branches?.[i] === b);
  const groups: { top: Attribute; below: Attribute[] }[] = [];
  for (const a of attributes) {
    const last = groups.at(-1);
    if (last && under(a, last.top)) last.below.push(a);
    else groups.push({ top: a, below: [] });
  }
  return groups;
}

function attributeChange(
  group: { top: Attribute; below: Attribute[] },
  kind: "attribute-added" | "attribute-removed",
  side: Side,
): SchemaChange {
  const { top, below } = group;
  const removed = kind === "attribute-removed";
  const verb = removed ? "removed" : "added";
  const branches = top.branches ? r` (in ${top.branches.join(" / ")})` : [];
  const rest = below.length > 0 ? `, with the ${below.length === 1 ? "path" : `${below.length} paths`} below it` : "";
  const message = r`attribute ${c(top.marked)}${branches} ${verb}${rest}`;
  const short = r`attribute ${verb}${rest}`;
  const reason = removed
    ? r`searches, facets and detection rules that name ${c(top.path)} find nothing in events of the new schema`
    : r`a new path events may carry: searches and rules written for the old schema are unaffected`;
  const rootName = basename(side.rootFile);
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
      below: below.map((a) => a.marked),
    },
    rich: { message, short, reason },
  };
}

// ---------------------------------------------------------------------------
// One side of the comparison: the definitions by name, and how to name a $ref.

interface Where {
  file: string;
  path: (string | number)[];
}

interface DefinitionOnSide {
  value: unknown;
  where: Where;
}

interface Side {
  rootFile: string;
  rootValue: JsonObject;
  /** Definitions by name, in schema order. */
  definitions: Map<string, DefinitionOnSide>;
  /** The definition a `$ref` written in `file` points to, by name; or the reference itself when it points elsewhere. */
  refName(ref: string, file: string): string;
  /** Where a definition is referred to from, outside itself: definition names, or "the root schema". */
  referrers(name: string): Rich[];
  /** How a place shows in a change's pointer. */
  pointer(w: Where): string;
  /** Every attribute path an event can carry (stage 5), worked out when first asked for. */
  attributes(): Attribute[];
  /** The draft a file is read in: its own `$schema`, else the root's draft (as the validate stage reads it). */
  draft(file: string): Draft;
}

const ROOT_SKIP = new Set([...DEFINITION_KEYWORDS, "$schema"]);

function side(resolved: ResolvedSchema): Side {
  const index: DefinitionIndex = indexDefinitions(resolved);
  const rootFile = [...resolved.files.keys()][0]!;
  const rootValue = isObject(resolved.root.value) ? resolved.root.value : {};
  // Names: the definition's key; the rare clash between files is told apart by the file's name.
  const seen = new Set<string>();
  const names = index.entries.map((e) => {
    const name = seen.has(e.name) ? `${e.name} (${basename(e.file)})` : e.name;
    seen.add(name);
    return name;
  });
  const definitions = new Map<string, DefinitionOnSide>();
  index.entries.forEach((e, i) => {
    let value: unknown = e.value;
    let place: Where = { file: e.file, path: pathOf(e.pointer) };
    // A root definition that only stands for another file's definition: compare what it stands for.
    if (isObject(value) && typeof value.$ref === "string" && index.lookup(value.$ref, e.file) === i) {
      const target = resolved.targetOf(value.$ref, e.file);
      const found = getAtPointer(resolved.files.get(target.file)?.value, target.pointer);
      if (found !== undefined) {
        value = found;
        place = { file: target.file, path: pathOf(target.pointer) };
      }
    }
    definitions.set(names[i]!, { value, where: place });
  });
  const folder = dirname(rootFile);
  let attributes: Attribute[] | undefined;
  return {
    rootFile,
    rootValue,
    definitions,
    refName(ref, file) {
      const i = index.lookup(ref, file);
      return i === undefined ? ref : names[i]!;
    },
    referrers(name) {
      const i = names.indexOf(name);
      const out: Rich[] = [];
      const keys = new Set<string>();
      for (const use of resolved.refs) {
        if (index.lookup(use.ref, use.file) !== i) continue;
        // Which definition holds the $ref (if any)?
        const owner = index.entries.findIndex((e) => e.file === use.file && isPrefix(pathOf(e.pointer), use.path));
        if (owner === i) continue;
        const key = owner === -1 ? "" : names[owner]!;
        if (keys.has(key)) continue;
        keys.add(key);
        out.push(owner === -1 ? ["the root schema"] : [{ code: key }]);
      }
      return out;
    },
    pointer(w) {
      const p = pointerOf(w.path);
      return w.file === rootFile ? p : `${relative(folder, w.file).split("\\").join("/")}#${p}`;
    },
    attributes() {
      attributes ??= indexAttributes(resolved, index, pageAnchors(index).definitions).attributes;
      return attributes;
    },
    draft(file) {
      const value = resolved.files.get(file)?.value;
      return draftOf(isObject(value) ? value.$schema : undefined) ?? rootDraftOf(rootValue);
    },
  };
}

function pathOf(pointer: string): (string | number)[] {
  return pointerTokens(pointer);
}

function isPrefix(prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((t, i) => String(t) === String(path[i]));
}

// ---------------------------------------------------------------------------
// The comparison, node by node.

/** Where a comparison is: the definition, the field path, and the place on each side. */
interface At {
  definition: string | null;
  field: string | null;
  old?: Where;
  new?: Where;
}

type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";
const JSON_TYPES = new Set<string>(["string", "number", "integer", "boolean", "object", "array", "null"]);

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

class Comparer {
  constructor(
    private readonly o: Side,
    private readonly n: Side,
    private readonly changes: SchemaChange[],
  ) {}

  /** Records a change; `tail` follows the place: " removed", ": type changed from …". */
  push(at: At, kind: ChangeKind, breaking: boolean, tail: Rich, reason: Rich, from?: string, to?: string): void {
    const message = [...where(at), ...tail];
    const first = typeof tail[0] === "string" ? tail[0] : "";
    const short: Rich = first.startsWith(": ") ? [first.slice(2), ...tail.slice(1)] : [noun(at), ...tail];
    const change: SchemaChange = {
      definition: at.definition,
      field: at.field,
      kind,
      breaking,
      message: plain(message),
      reason: plain(reason),
      pointer: {},
      rich: { message, short, reason },
    };
    if (from !== undefined) change.from = from;
    if (to !== undefined) change.to = to;
    if (at.old) change.pointer.old = this.o.pointer(at.old);
    if (at.new) change.pointer.new = this.n.pointer(at.new);
    this.changes.push(change);
  }

  /** Compares one schema (a definition, a field, the items of an array) on both sides. */
  node(oldRaw: unknown, newRaw: unknown, at: At): void {
    // Boolean schemas: `true` accepts anything, `false` nothing.
    const o = asSchema(oldRaw);
    const n = asSchema(newRaw);
    const oldRef = typeof o.$ref === "string" ? this.o.refName(o.$ref, at.old!.file) : undefined;
    const newRef = typeof n.$ref === "string" ? this.n.refName(n.$ref, at.new!.file) : undefined;

    if (oldRef !== undefined || newRef !== undefined) {
      if (oldRef !== newRef) {
        const from = this.describe(o, at.old!.file, "o");
        const to = this.describe(n, at.new!.file, "n");
        this.push(
          at,
          "type-changed",
          true,
          r`: type changed from ${c(from)} to ${c(to)}`,
          r`values that were valid as ${c(from)} are checked against ${c(to)} now, and code written for ${c(from)} does not compile against ${c(to)}`,
          from,
          to,
        );
      }
      this.text(o, n, at);
      // Beside a $ref (draft-04 to 7) other keywords do nothing; the referenced definition is compared on its own.
      return;
    }

    const typeChange = this.types(o, n, at);
    if (typeChange === "changed") {
      this.text(o, n, at);
      return;
    }
    this.values(o, n, at);
    this.constraints(o, n, at);
    if ("items" in o || "items" in n) this.items(o, n, at);
    if (isObjectLike(o) || isObjectLike(n)) this.object(o, n, at);
    this.text(o, n, at);
    this.others(o, n, at);
  }

  /** The `type` keyword: equal, widened, narrowed or changed. */
  private types(o: JsonObject, n: JsonObject, at: At): "same" | "changed" | "other" {
    const ot = typeSet(o);
    const nt = typeSet(n);
    const wider = accepts(nt, ot);
    const narrower = accepts(ot, nt);
    if (wider && narrower) return "same";
    const from = this.describe(o, at.old!.file, "o");
    const to = this.describe(n, at.new!.file, "n");
    if (wider) {
      const tsFrom = tsOf(ot);
      const tsTo = tsOf(nt);
      if (tsFrom === tsTo) {
        this.push(
          at,
          "type-widened",
          false,
          r`: type widened from ${c(from)} to ${c(to)}`,
          r`every value that was valid still is, and the generated type stays ${c(tsTo)}`,
          from,
          to,
        );
      } else {
        this.push(
          at,
          "type-widened",
          true,
          r`: type widened from ${c(from)} to ${c(to)}`,
          r`events that were valid stay valid, but the generated type becomes ${c(tsTo)}: code written for ${c(tsFrom)} must now handle ${c(tsOf(minus(nt, ot)))}`,
          from,
          to,
        );
      }
      return "other";
    }
    if (narrower) {
      const lost = minus(ot, nt);
      const what =
        lost?.size === 1 && lost.has("number") && nt?.has("integer")
          ? r`numbers that are not integers`
          : r`values of type ${c(tsLabel(lost))}`;
      this.push(
        at,
        "type-narrowed",
        true,
        r`: type narrowed from ${c(from)} to ${c(to)}`,
        r`${what}, valid before, are now rejected`,
        from,
        to,
      );
      return "other";
    }
    this.push(
      at,
      "type-changed",
      true,
      r`: type changed from ${c(from)} to ${c(to)}`,
      r`values that were valid (${c(from)}) are now rejected, and code written for ${c(tsOf(ot))} gets ${c(tsOf(nt))}`,
      from,
      to,
    );
    return "changed";
  }

  /** `enum` and `const`: the list of allowed values. */
  private values(o: JsonObject, n: JsonObject, at: At): void {
    const ov = allowedValues(o);
    const nv = allowedValues(n);
    if (ov === undefined && nv === undefined) return;
    if (ov === undefined) {
      this.push(
        at,
        "type-narrowed",
        true,
        r`: now restricted to ${c(valueList(nv!))}`,
        r`any other value, valid before, is now rejected`,
        undefined,
        valueList(nv!),
      );
      return;
    }
    if (nv === undefined) {
      this.push(
        at,
        "type-widened",
        true,
        r`: no longer restricted to ${c(valueList(ov))}`,
        r`events that were valid stay valid, but the generated type widens from the list of values: code that handles each listed value may meet others`,
        valueList(ov),
        undefined,
      );
      return;
    }
    const okeys = new Set(ov.map(canonical));
    const nkeys = new Set(nv.map(canonical));
    const removed = ov.filter((v) => !nkeys.has(canonical(v)));
    const added = nv.filter((v) => !okeys.has(canonical(v)));
    if (removed.length === 0 && added.length === 0) return;
    const from = valueList(ov);
    const to = valueList(nv);
    if (added.length === 0) {
      this.push(
        at,
        "type-narrowed",
        true,
        r`: enum values removed: ${c(valueList(removed))}`,
        r`events with ${removed.length === 1 ? "that value" : "those values"}, valid before, are now rejected`,
        from,
        to,
      );
    } else if (removed.length === 0) {
      this.push(
        at,
        "type-widened",
        true,
        r`: enum values added: ${c(valueList(added))}`,
        r`events that were valid stay valid, but the generated union type gains ${added.length === 1 ? "a member" : "members"}: code that handles every old value (an exhaustive ${c("switch")}) meets values it does not know`,
        from,
        to,
      );
    } else if ("const" in o && "const" in n) {
      this.push(
        at,
        "type-changed",
        true,
        r`: ${c("const")} changed from ${c(from)} to ${c(to)}`,
        r`events with the old value are now rejected, and code written for ${c(from)} gets ${c(to)}`,
        from,
        to,
      );
    } else {
      this.push(
        at,
        "type-changed",
        true,
        r`: enum values changed from ${c(from)} to ${c(to)}`,
        r`events with a removed value (${c(valueList(removed))}) are now rejected, and code meets values it does not know (${c(valueList(added))})`,
        from,
        to,
      );
    }
  }

  /** Bounds, formats and patterns. */
  private constraints(o: JsonObject, n: JsonObject, at: At): void {
    for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS, ...OPAQUE_CONSTRAINTS, "uniqueItems"]) {
      const ov = o[key];
      const nv = n[key];
      if (canonical(ov) === canonical(nv)) continue;
      let narrows: boolean;
      if (key === "uniqueItems") narrows = nv === true;
      else if (EXCLUSIVE_FLAGS.has(key) && this.n.draft(at.new!.file) === "draft-04") narrows = nv === true;
      else if (LOWER_BOUNDS.includes(key)) narrows = nv !== undefined && (typeof ov !== "number" || typeof nv !== "number" || nv > ov);
      else if (UPPER_BOUNDS.includes(key)) narrows = nv !== undefined && (typeof ov !== "number" || typeof nv !== "number" || nv < ov);
      else narrows = nv !== undefined;
      const what =
        ov === undefined
          ? r`${c(`${key}: ${show(nv)}`)} added`
          : nv === undefined
            ? r`${c(`${key}: ${show(ov)}`)} removed`
            : r`${c(key)} changed from ${c(show(ov))} to ${c(show(nv))}`;
      if (narrows) {
        this.push(
          at,
          "constraint-changed",
          true,
          r`: ${what}`,
          r`values that passed the old constraint may be rejected now`,
          show(ov),
          show(nv),
        );
      } else if (TUPLE_BOUNDS.has(key)) {
        this.push(
          at,
          "constraint-changed",
          true,
          r`: ${what}`,
          r`every value that was valid still is, but json-schema-to-typescript turns ${c(key)} into a tuple type, so the generated type changes`,
          show(ov),
          show(nv),
        );
      } else {
        this.push(
          at,
          "constraint-changed",
          false,
          r`: ${what}`,
          r`the constraint is looser: every value that was valid still is, and the generated type does not change`,
          show(ov),
          show(nv),
        );
      }
    }
  }

  /** The items of an array (one schema for all items; a list of schemas is compared as a whole). */
  private items(o: JsonObject, n: JsonObject, at: At): void {
    const oi = o.items;
    const ni = n.items;
    if (Array.isArray(oi) || Array.isArray(ni)) {
      if (canonical(oi) !== canonical(ni)) this.other(at, "items", oi, ni);
      return;
    }
    const field = `${at.field ?? ""}[]`;
    this.node(oi ?? {}, ni ?? {}, {
      definition: at.definition,
      field,
      ...(at.old ? { old: child(at.old, "items") } : {}),
      ...(at.new ? { new: child(at.new, "items") } : {}),
    });
  }

  /** Properties, required and additionalProperties. */
  private object(o: JsonObject, n: JsonObject, at: At): void {
    const oprops = isObject(o.properties) ? o.properties : {};
    const nprops = isObject(n.properties) ? n.properties : {};
    const oreq = requiredOf(o);
    const nreq = requiredOf(n);
    const names = unique([...Object.keys(oprops), ...oreq, ...Object.keys(nprops), ...nreq]);
    const has = (props: JsonObject, name: string) => Object.hasOwn(props, name);
    const closedNew = n.additionalProperties === false;
    for (const name of names) {
      const inOld = has(oprops, name) || oreq.has(name);
      const inNew = has(nprops, name) || nreq.has(name);
      const field = at.field === null ? name : `${at.field}.${name}`;
      const sub: At = { definition: at.definition, field };
      if (at.old && inOld) sub.old = has(oprops, name) ? child(at.old, "properties", name) : child(at.old, "required");
      if (at.new && inNew) sub.new = has(nprops, name) ? child(at.new, "properties", name) : child(at.new, "required");
      if (!inOld) {
        const to = this.describe(asSchema(nprops[name]), at.new!.file, "n");
        if (nreq.has(name)) {
          this.push(sub, "field-added", true, r` added (required)`, r`events without it, valid before, are now rejected`, undefined, to);
        } else {
          this.push(
            sub,
            "field-added",
            false,
            r` added (optional)`,
            r`events without it stay valid, and code written for the old types compiles unchanged`,
            undefined,
            to,
          );
        }
        continue;
      }
      if (!inNew) {
        const from = this.describe(asSchema(oprops[name]), at.old!.file, "o");
        const events = closedNew ? r`, and events that still carry it are now rejected (additionalProperties is false)` : [];
        this.push(
          sub,
          "field-removed",
          true,
          r` removed`,
          [...r`code that reads ${c(qualified(sub))} no longer compiles`, ...events],
          from,
          undefined,
        );
        continue;
      }
      this.node(has(oprops, name) ? oprops[name] : {}, has(nprops, name) ? nprops[name] : {}, sub);
      if (!oreq.has(name) && nreq.has(name)) {
        this.push(
          sub,
          "field-became-required",
          true,
          r` became required`,
          r`events without it, valid before, are now rejected`,
          "optional",
          "required",
        );
      } else if (oreq.has(name) && !nreq.has(name)) {
        this.push(
          sub,
          "field-became-optional",
          true,
          r` became optional`,
          r`events may now come without it, and the generated property gets a ${c("?")}: code that relies on it being there no longer compiles under strict null checks`,
          "required",
          "optional",
        );
      }
    }
    this.additionalProperties(o, n, at);
  }

  private additionalProperties(o: JsonObject, n: JsonObject, at: At): void {
    // Not written means allowed (true).
    const ov = "additionalProperties" in o ? o.additionalProperties : true;
    const nv = "additionalProperties" in n ? n.additionalProperties : true;
    if (canonical(ov) === canonical(nv)) return;
    const from = show(ov);
    const to = show(nv);
    const message = r`: additionalProperties changed from ${c(from)} to ${c(to)}`;
    const sub: At = {
      ...at,
      ...(at.old ? { old: child(at.old, "additionalProperties") } : {}),
      ...(at.new ? { new: child(at.new, "additionalProperties") } : {}),
    };
    if (nv === true) {
      this.push(
        sub,
        "additional-properties-changed",
        false,
        message,
        r`more is allowed: every event that was valid still is; the generated interface only gains an index signature (${c("[k: string]: unknown")}), so code that reads the listed fields compiles unchanged`,
        from,
        to,
      );
    } else if (nv === false) {
      this.push(
        sub,
        "additional-properties-changed",
        true,
        message,
        r`events with properties the schema does not list, valid before, are now rejected`,
        from,
        to,
      );
    } else if (ov === true) {
      this.push(
        sub,
        "additional-properties-changed",
        true,
        message,
        r`unlisted properties must now match a schema: events whose extra properties do not, valid before, are now rejected`,
        from,
        to,
      );
    } else if (ov === false) {
      this.push(
        sub,
        "additional-properties-changed",
        false,
        message,
        r`more is allowed: every event that was valid still is; the generated interface gains an index signature for the extra properties`,
        from,
        to,
      );
    } else {
      this.push(
        sub,
        "additional-properties-changed",
        true,
        message,
        r`the schema for unlisted properties changed: extra properties that matched the old one may not match the new one`,
        from,
        to,
      );
    }
  }

  /** Descriptions and other annotations: documentation only. */
  private text(o: JsonObject, n: JsonObject, at: At): void {
    if (canonical(o.description) !== canonical(n.description)) {
      const from = typeof o.description === "string" ? o.description : undefined;
      const to = typeof n.description === "string" ? n.description : undefined;
      const verb = from === undefined ? "added" : to === undefined ? "removed" : "changed";
      this.push(
        at,
        "description-changed",
        false,
        r`: description ${verb}`,
        r`documentation only: validation and the generated types are unchanged (but for a doc comment)`,
        from,
        to,
      );
    }
    const extensions = unique([...Object.keys(o), ...Object.keys(n)].filter((k) => k.startsWith("x-")));
    for (const key of [...ANNOTATIONS, ...extensions]) {
      if (canonical(o[key]) === canonical(n[key])) continue;
      this.push(
        at,
        "annotation-changed",
        false,
        r`: ${c(key)} ${o[key] === undefined ? "added" : n[key] === undefined ? "removed" : "changed"}`,
        r`an annotation: it changes neither which events are valid nor the shape of the generated types`,
        show(o[key]),
        show(n[key]),
      );
    }
  }

  /** Every keyword not handled above, compared as a whole. */
  private others(o: JsonObject, n: JsonObject, at: At): void {
    for (const key of unique([...Object.keys(o), ...Object.keys(n)])) {
      if (HANDLED.has(key) || key.startsWith("x-")) continue;
      if (canonical(o[key]) !== canonical(n[key])) this.other(at, key, o[key], n[key]);
    }
  }

  private other(at: At, key: string, ov: unknown, nv: unknown): void {
    const verb = ov === undefined ? "added" : nv === undefined ? "removed" : "changed";
    const sub: At = {
      ...at,
      ...(at.old && ov !== undefined ? { old: child(at.old, key) } : {}),
      ...(at.new && nv !== undefined ? { new: child(at.new, key) } : {}),
    };
    this.push(
      sub,
      "other-changed",
      true,
      r`: ${c(key)} ${verb}`,
      r`cws-docgen does not analyse ${c(key)}; it is counted as breaking until a person checks that valid events stay valid and the generated types still fit`,
      show(ov),
      show(nv),
    );
  }

  /** A short name for the type a schema describes: `File`, `string or null`, `array of string`, … */
  describe(s: JsonObject, file: string, on: "o" | "n", depth = 0): string {
    const sideOf = on === "o" ? this.o : this.n;
    if (typeof s.$ref === "string") return sideOf.refName(s.$ref, file);
    const types = typeSet(s);
    if (types === undefined) {
      const values = allowedValues(s);
      if (values) return `one of ${valueList(values)}`;
      for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(s[k])) return k;
      if (isObjectLike(s)) return "object";
      if ("items" in s) return "array";
      return "any";
    }
    return [...types]
      .map((t) => (t === "array" && isObject(s.items) && depth < 3 ? `array of ${this.describe(s.items, file, on, depth + 1)}` : t))
      .join(" or ");
  }
}

// ---------------------------------------------------------------------------
// Helpers.

function asSchema(v: unknown): JsonObject {
  if (isObject(v)) return v;
  if (v === false) return { not: {} };
  return {};
}

function withoutKeys(o: JsonObject, keys: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.has(k)));
}

function child(w: Where, ...tokens: (string | number)[]): Where {
  return { file: w.file, path: [...w.path, ...tokens] };
}

/** The set of JSON types a schema allows by its `type` keyword; undefined when it does not say. */
function typeSet(s: JsonObject): Set<JsonType> | undefined {
  if (typeof s.type === "string") return new Set([s.type].filter((t): t is JsonType => JSON_TYPES.has(t)));
  if (Array.isArray(s.type)) return new Set(s.type.filter((t): t is JsonType => typeof t === "string" && JSON_TYPES.has(t)));
  return undefined;
}

/** Does type set `a` accept every value that `b` accepts? (undefined: any value) */
function accepts(a: Set<JsonType> | undefined, b: Set<JsonType> | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  return [...b].every((t) => a.has(t) || (t === "integer" && a.has("number")));
}

/** The types of `a` that `b` does not accept. */
function minus(a: Set<JsonType> | undefined, b: Set<JsonType> | undefined): Set<JsonType> | undefined {
  if (a === undefined) return undefined;
  return new Set([...a].filter((t) => !accepts(b, new Set([t]))));
}

const TS: Record<JsonType, string> = {
  string: "string",
  number: "number",
  integer: "number",
  boolean: "boolean",
  object: "object",
  array: "array",
  null: "null",
};

/** The TypeScript type json-schema-to-typescript gives a set of JSON types (roughly: what code sees). */
function tsOf(types: Set<JsonType> | undefined): string {
  if (types === undefined) return "unknown";
  return unique([...types].map((t) => TS[t])).join(" | ");
}

function tsLabel(types: Set<JsonType> | undefined): string {
  return types === undefined ? "any" : [...types].join(" or ");
}

function allowedValues(s: JsonObject): unknown[] | undefined {
  if ("const" in s) return [s.const];
  return Array.isArray(s.enum) ? s.enum : undefined;
}

function valueList(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function requiredOf(s: JsonObject): Set<string> {
  return new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : []);
}

function isObjectLike(s: JsonObject): boolean {
  return isObject(s.properties) || Array.isArray(s.required) || "additionalProperties" in s;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** JSON with object keys sorted: two values are the same when their canonical texts are. */
export function canonical(v: unknown): string {
  if (v === undefined) return "undefined";
  return JSON.stringify(v, (_key, value: unknown) =>
    isObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );
}

/** A value as it shows in a message: JSON, shortened when long. */
function show(v: unknown): string {
  if (v === undefined) return "(none)";
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `Definition.field`, `field` for a root field, or the definition alone. */
function qualified(at: { definition: string | null; field: string | null }): string {
  if (at.field === null) return at.definition ?? "root";
  return at.definition === null ? at.field : `${at.definition}.${at.field}`;
}

/** How a place reads at the start of a message. */
function where(at: At): Rich {
  if (at.field === null) return at.definition === null ? ["the root schema"] : r`definition ${c(at.definition)}`;
  return at.definition === null ? r`root field ${c(at.field)}` : r`field ${c(qualified(at))}`;
}

/** What the place is, for a message that does not name it. */
function noun(at: At): string {
  if (at.field === null) return at.definition === null ? "the root schema" : "definition";
  return at.definition === null ? "root field" : "field";
}

function list(items: Rich[]): Rich {
  const out: Rich = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? " and " : ", ");
    out.push(...item);
  });
  return out;
}

function c(code: string): { code: string } {
  return { code };
}

/** A tagged template for rich text: strings stay text, `c(x)` becomes a code span, a Rich is spliced in. */
function r(strings: TemplateStringsArray, ...values: (string | { code: string } | Rich)[]): Rich {
  const out: Rich = [];
  strings.forEach((s, i) => {
    if (s !== "") out.push(s);
    if (i < values.length) {
      const v = values[i]!;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
  });
  return out;
}

/** Rich text as plain text: code spans in backticks. */
export function plain(rich: Rich): string {
  return rich.map((p) => (typeof p === "string" ? p : `\`${p.code}\``)).join("");
}
