/**
 * The shape of stage 3's checks, and the runner that applies them to a file. Each check is a named
 * rule (as remark-lint's and Biome's are): its id goes into every problem it reports (`Problem.rule`),
 * so that tools and tests can tell which rule refused a schema. A rule looks at the file once
 * (`FileRule`), or at each of its schemas in one shared walk (`SchemaRule`).
 */
import type { LoadedJson } from "../../core/json-text.js";
import type { Draft } from "../../core/drafts.js";
import { positionOf } from "../../core/json-position.js";
import { pointerOf, pointerTokens, type Problem } from "../../core/problems.js";
import { getAtPointer, walkSchemas, type JsonObject, type Path } from "../../core/schema-walk.js";

/** A file of the resolved schema, as the rules see it. */
export interface InspectedFile {
  /** The file as problems name it. */
  shown: string;
  loaded: LoadedJson;
  /** Whether it is the root file (the one the user named). */
  isRoot: boolean;
  /** The draft it is read in, and why, in words for the meta-schema's hint. */
  draft: Draft;
  reason: string;
  /** The pointers of its parts that are schemas: `""` (the whole file), or the targets of `$ref`s into a file that is no object. */
  parts: string[];
  /** The places a rule reported more clearly than the meta-schema would: nothing at or below them is reported again. */
  structural: Set<string>;
}

/** What a rule found: where (a key's place with `key`), what is wrong and what to do. */
interface Finding {
  pointer: string;
  key?: boolean;
  message: string;
  hint?: string;
  /** A place (this pointer, or one above it) that the meta-schema check then leaves alone. */
  structural?: string;
  /** The rule reported, when one pass serves two rules (the meta-schema check finds duplicate enum values too). */
  rule?: string;
}

type Report = (finding: Finding) => void;

/** A schema of the walk: the object, and its place in the file. */
interface SchemaVisit {
  schema: JsonObject;
  path: Path;
  pointer: string;
}

/** A rule that looks at the whole file once. */
export interface FileRule {
  kind: "file";
  id: string;
  check(file: InspectedFile, report: Report): void | Promise<void>;
}

/** A rule that looks at each schema of the file, in one walk shared with the other schema rules. */
export interface SchemaRule {
  kind: "schema";
  id: string;
  /** Whether the rule can find anything in this file at all (a quick look at its text): without it, always. */
  appliesTo?(file: InspectedFile): boolean;
  check(visit: SchemaVisit, file: InspectedFile, report: Report): void;
}

export type Rule = FileRule | SchemaRule;

/**
 * Every problem the rules find in `file`, in the order of the list: a file rule runs at its place in it,
 * and each run of consecutive schema rules shares one walk over the file's schemas.
 */
export async function runRules(rules: readonly Rule[], file: InspectedFile): Promise<Problem[]> {
  const problems: Problem[] = [];
  const reporter =
    (id: string): Report =>
    (f) => {
      if (f.structural !== undefined) file.structural.add(f.structural);
      problems.push({
        file: file.shown,
        ...positionOf(file.loaded, f.pointer, f.key),
        pointer: f.pointer,
        message: f.message,
        ...(f.hint === undefined ? {} : { hint: f.hint }),
        rule: f.rule ?? id,
      });
    };
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i]!;
    if (rule.kind === "file") {
      await rule.check(file, reporter(rule.id));
      i++;
      continue;
    }
    let end = i;
    while (end < rules.length && rules[end]!.kind === "schema") end++;
    const walked = (rules.slice(i, end) as SchemaRule[])
      .filter((r) => r.appliesTo?.(file) ?? true)
      .map((r) => ({ r, report: reporter(r.id) }));
    if (walked.length > 0) {
      for (const part of file.parts) {
        walkSchemas(
          getAtPointer(file.loaded.value, part),
          ({ schema, path }) => {
            const visit = { schema, path, pointer: pointerOf(path) };
            for (const { r, report } of walked) r.check(visit, file, report);
          },
          pointerTokens(part),
        );
      }
    }
    i = end;
  }
  return problems;
}

/** Whether a pointer is at or below a place a rule already reported more clearly. */
export function underStructural(file: InspectedFile, pointer: string): boolean {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
    if (file.structural.has(p)) return true;
    if (p === "") return false;
  }
}
