/**
 * Stage 5, attributes: which `$ref` targets can reach themselves. The count
 * that refuses a schema before its walk (count.ts, `pathsAtLeast`)
 * stops only there, where what the walk lists depends on the path.
 */
import type { ResolvedSchema } from "../dereference.js";
import { getAtPointer } from "../../core/schema-walk.js";

/**
 * Whether a `$ref` target (a file and a pointer in it) can reach itself: through a `$ref` anywhere under it, in
 * any keyword or even in data (more than the attribute walk follows: more targets found cyclic, never
 * fewer), to a target that leads back. The root document counts as cyclic (the walk starts on it, so
 * a `$ref` to it always ends a path). Worked out on demand, for the targets asked about and what they
 * reach (a schema's other definitions are never read): Tarjan's strongly connected components, from
 * a stack, resumed for each new target.
 */
export function cyclicTargets(resolved: ResolvedSchema): (target: { file: string; pointer: string }) => boolean {
  const rootKey = `${resolved.rootFile}#`;
  const where = new Map<string, { file: string; pointer: string }>();
  /** The targets of the `$ref` strings at a target and under it (a `$ref` that resolves nowhere is no edge). */
  const edgesOf = (key: string): string[] => {
    const place = where.get(key);
    if (!place) return [];
    const out: string[] = [];
    const top = getAtPointer(resolved.files.get(place.file)?.value, place.pointer);
    const todo: unknown[] = typeof top === "object" && top !== null ? [top] : [];
    while (todo.length > 0) {
      const value = todo.pop() as Record<string, unknown>;
      if (!Array.isArray(value) && typeof value.$ref === "string") {
        try {
          const target = resolved.targetOf(value.$ref, place.file);
          const to = `${target.file}#${target.pointer}`;
          if (!where.has(to)) where.set(to, target);
          out.push(to);
        } catch {
          // Not a URI reference: the walk cannot follow it either.
        }
      }
      for (const k in value) {
        const v = value[k];
        if (typeof v === "object" && v !== null) todo.push(v);
      }
    }
    return out;
  };
  const edges = new Map<string, string[]>();
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic = new Set<string>([rootKey]);
  const visit = (key: string) => {
    order.set(key, order.size);
    low.set(key, order.get(key)!);
    stack.push(key);
    onStack.add(key);
    edges.set(key, edgesOf(key));
  };
  const components = (start: string) => {
    visit(start);
    const work: { key: string; next: number }[] = [{ key: start, next: 0 }];
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const out = edges.get(top.key)!;
      if (top.next < out.length) {
        const to = out[top.next++]!;
        if (!order.has(to)) {
          visit(to);
          work.push({ key: to, next: 0 });
        } else if (onStack.has(to)) low.set(top.key, Math.min(low.get(top.key)!, order.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(top.key)!));
      if (low.get(top.key) === order.get(top.key)) {
        const members: string[] = [];
        for (let member = ""; member !== top.key; ) {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        }
        if (members.length > 1 || out.includes(top.key)) for (const m of members) cyclic.add(m);
      }
    }
  };
  return ({ file, pointer }) => {
    const key = `${file}#${pointer}`;
    if (!order.has(key) && key !== rootKey) {
      if (!where.has(key)) where.set(key, { file, pointer });
      components(key);
    }
    return cyclic.has(key);
  };
}
