/**
 * Stage 3, inspect: is the resolved schema one cws-docgen can document?
 *
 * The checks are named rules (inspect/), each reporting its id with its problems (`Problem.rule`);
 * every problem found is reported at once (file, JSON pointer, line:column), sorted by file and place:
 * - `root-object` (here): the root is an object; nothing else is checked when it is not;
 * - on each file (inspect/rules.ts, in that order): `schema-uri`, `number-range`, then in one walk over
 *   its schemas `nested-id`, `items-bounds`, `exact-integer`, `name-map-object`, `text-length`,
 *   `name-surrogate`, `name-length`, `pattern-syntax`, `pattern-properties-syntax`; then `heading-id`,
 *   and last `meta-schema` with `enum-duplicate`. A file without `$schema` is read in its root file's
 *   draft, and a root without one as 2020-12 when it has `$defs`, as draft-07 otherwise;
 * - across files: `ref-cycle` (inspect/ref-cycles.ts).
 */
import type { ResolvedSchema } from "./dereference.js";
import { DocgenError, lineColumn, type Problem } from "../core/problems.js";
import { draftOf, rootDraftOf } from "../core/drafts.js";
import { describeValue, isObject } from "../core/schema-walk.js";
import { displayPath } from "../core/files.js";
import { runRules, type InspectedFile } from "./inspect/rule.js";
import { FILE_RULES } from "./inspect/rules.js";
import { refCycles } from "./inspect/ref-cycles.js";

export { MAX_TEXT_LENGTH } from "./inspect/keywords.js";
export { humanize } from "./inspect/meta-schema.js";

export async function inspectSchema(resolved: ResolvedSchema): Promise<void> {
  const rootPath = resolved.rootFile;
  const root = resolved.root;
  if (!isObject(root.value)) {
    throw new DocgenError({
      file: root.file,
      ...lineColumn(root.text, root.tree.offset),
      pointer: "",
      message: `the schema must be a JSON object, not ${describeValue(root.value)}`,
      hint: 'a schema starts with "{", for example {"type": "object", "properties": {…}}',
      rule: "root-object",
    });
  }
  const rootDraft = rootDraftOf(root.value);
  const rootReason =
    typeof root.value.$schema === "string"
      ? `it declares "$schema": ${JSON.stringify(root.value.$schema)}`
      : `it has no "$schema" and ${rootDraft === "2020-12" ? "has" : "no"} "$defs", so it is read as ${rootDraft}`;

  const problems: Problem[] = [];
  for (const [path, loaded] of resolved.files) {
    const isRoot = path === rootPath;
    const own = isObject(loaded.value) ? loaded.value.$schema : undefined;
    const file: InspectedFile = {
      shown: isRoot ? root.file : displayPath(path),
      loaded,
      isRoot,
      draft: draftOf(own) ?? rootDraft,
      reason: isRoot
        ? rootReason
        : typeof own === "string"
          ? `it declares "$schema": ${JSON.stringify(own)}`
          : `it has no "$schema", so it is read in the draft of ${root.file} (${rootDraft})`,
      // The parts of the file that are schemas: the whole file, or (a file that is no object) the targets of $refs into it.
      parts:
        isRoot || isObject(loaded.value)
          ? [""]
          : [...new Set(resolved.refs.filter((r) => r.target.file === path).map((r) => r.target.pointer))],
      structural: new Set(),
    };
    problems.push(...(await runRules(FILE_RULES, file)));
  }
  problems.push(...refCycles(resolved, rootPath));
  if (problems.length === 0) return;
  // DocgenError shows the first MAX_PROBLEMS of them and counts the rest.
  throw new DocgenError(sortProblems(problems));
}

/** File by file (in the order met), then by place in the file; a hint already given is not repeated. */
function sortProblems(problems: Problem[]): Problem[] {
  const files = [...new Set(problems.map((p) => p.file))];
  const hints = new Set<string>();
  return problems
    .map((p, i) => ({ p, i, f: files.indexOf(p.file) }))
    .sort((a, b) => a.f - b.f || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => {
      if (p.hint === undefined || !hints.has(p.hint)) {
        if (p.hint !== undefined) hints.add(p.hint);
        return p;
      }
      const { hint: _, ...rest } = p;
      return rest;
    });
}
