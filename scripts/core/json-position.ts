/** Line:column of a JSON pointer in a loaded file, through its syntax tree (jsonc-parser). */
import type { Node } from "jsonc-parser";
import { lineColumn, pointerTokens } from "./problems.js";
import type { LoadedJson } from "./json-text.js";

/**
 * Where the value at `pointer` starts (or, with `key`, where its key starts),
 * as 1-based line and column; nothing when the pointer leads nowhere in the text.
 */
export function positionOf(loaded: Pick<LoadedJson, "text" | "tree">, pointer: string, key = false): { line?: number; column?: number } {
  const node = nodeAt(loaded.tree, pointerTokens(pointer));
  if (!node) return {};
  const target = key && node.parent?.type === "property" ? node.parent.children![0]! : node;
  return lineColumn(loaded.text, target.offset);
}

/** The syntax-tree node at a path of reference tokens; of duplicate keys the last wins, as in JSON.parse. */
export function nodeAt(tree: Node, tokens: readonly string[]): Node | undefined {
  let node: Node | undefined = tree;
  for (const token of tokens) {
    if (!node) return undefined;
    if (node.type === "array") {
      node = /^(0|[1-9]\d*)$/.test(token) ? node.children?.[Number(token)] : undefined;
    } else if (node.type === "object") {
      node = membersOf(node).get(token);
    } else {
      return undefined;
    }
  }
  return node;
}

/** Each object node's members by key (the last of duplicates), made on first lookup; they go with the tree. */
const members = new WeakMap<Node, Map<string, Node>>();

function membersOf(object: Node): Map<string, Node> {
  let map = members.get(object);
  if (!map) {
    map = new Map();
    for (const p of object.children ?? []) {
      const key = p.children?.[0]?.value;
      const value = p.children?.[1];
      if (typeof key === "string" && value) map.set(key, value);
    }
    members.set(object, map);
  }
  return map;
}
