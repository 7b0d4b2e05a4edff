/**
 * `ref-cycle`: no `$ref` cycle with no object or array in between (`A` → `B` → `A`, also through
 * `allOf`/`anyOf`/`oneOf`). Such a schema is defined as itself, and its types could not compile (a
 * type alias cannot be itself). A rule on the whole resolved schema, across its files.
 */
import type { ResolvedSchema } from "../dereference.js";
import { displayPath } from "../../core/files.js";
import { positionOf } from "../../core/json-position.js";
import { pointerOf, type Problem } from "../../core/problems.js";
import type { Path } from "../../core/schema-walk.js";

/** Keywords through which a schema is just the union or intersection of others: no object in between. */
const COMPOSITION = ["allOf", "anyOf", "oneOf"];

/**
 * `$ref` cycles with no object or array in between: from a schema, its own `$ref` and
 * those of its `allOf`/`anyOf`/`oneOf` members (at any depth of those) lead on
 * without describing anything. A cycle of such steps is reported once, at the
 * `$ref` that closes it, with the whole loop.
 */
export function refCycles(resolved: ResolvedSchema, rootPath: string): Problem[] {
  const key = (file: string, pointer: string) => `${file}#${pointer}`;
  // Edges: schema location → [target location, the $ref use].
  const edges = new Map<string, { to: string; file: string; path: Path; ref: string }[]>();
  for (const use of resolved.refs) {
    const to = key(use.target.file, use.target.pointer);
    // The schema holding the $ref, and each schema it is a composition member of.
    let path = use.path;
    for (;;) {
      const from = key(use.file, pointerOf(path));
      const list = edges.get(from) ?? [];
      list.push({ to, file: use.file, path: use.path, ref: use.ref });
      edges.set(from, list);
      const n = path.length;
      if (n >= 2 && typeof path[n - 1] === "number" && COMPOSITION.includes(path[n - 2] as string)) path = path.slice(0, -2);
      else break;
    }
  }
  // Iterative depth-first search; grey = on the current path.
  const state = new Map<string, "grey" | "black">();
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, "grey");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        state.set(top.node, "black");
        stack.pop();
        continue;
      }
      const edge = out[top.next++]!;
      const s = state.get(edge.to);
      if (s === undefined) {
        state.set(edge.to, "grey");
        stack.push({ node: edge.to, next: 0 });
      } else if (s === "grey") {
        const from = stack.findIndex((f) => f.node === edge.to);
        const loop = [...stack.slice(from).map((f) => f.node), edge.to];
        const id = [...new Set(loop)].sort().join("\n");
        if (reported.has(id)) continue;
        reported.add(id);
        const shown = edge.file === rootPath ? resolved.root.file : displayPath(edge.file);
        const loaded = resolved.files.get(edge.file)!;
        const pointer = pointerOf([...edge.path, "$ref"]);
        problems.push({
          file: shown,
          ...positionOf(loaded, pointer, false),
          pointer,
          message: `"$ref" cycle with no object or array in between: ${loop.map((n) => nameOf(rootPath, n)).join(" → ")}; a schema cannot be defined as itself`,
          hint: "refer back from inside an object's property or an array's items, not through a bare $ref or an allOf/anyOf/oneOf member",
          rule: "ref-cycle",
        });
      }
    }
  }
  return problems;
}

function nameOf(rootPath: string, node: string): string {
  const hash = node.lastIndexOf("#");
  const file = node.slice(0, hash);
  const pointer = node.slice(hash + 1) || "/";
  return file === rootPath ? `#${pointer}` : `${displayPath(file)}#${pointer}`;
}
