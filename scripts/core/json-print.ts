/**
 * Prints a JSON syntax tree (jsonc-parser) the way `JSON.stringify(value, null, 4)`
 * would, except that keys keep their source order (JSON.parse moves integer-like
 * keys first) and numbers keep their source spelling (1.0 stays 1.0).
 *
 * Every `{` that is followed by another `{` inside a string is written as the
 * JSON escape `\u007b`: the value is the same, but no Hugo shortcode (`{{<`,
 * `{{%`) can open inside the code block that shows the JSON. Every `<` is
 * written `\u003c` likewise, so no HTML tag can open there either, and
 * characters that would be invisible or reorder the text are escaped too.
 */
import type { Node } from "jsonc-parser";
import { escapeInvisible, hasInvisible } from "./invisible.js";

export interface PrintOptions {
  /**
   * Keys to leave out: called for each key of each object with the path of that
   * object below `node` (property names and array indexes). The path array is
   * reused: copy it to keep it.
   */
  omitKey?: (path: readonly (string | number)[], key: string) => boolean;
  indent?: string;
}

export function printJson(node: Node, text: string, options: PrintOptions = {}): string {
  const unit = options.indent ?? "    ";
  const out: string[] = [];
  const omit = options.omitKey;
  const path: (string | number)[] = [];
  write(node, "");
  return out.join("");

  function write(n: Node, indent: string): void {
    switch (n.type) {
      case "object": {
        const props = omit ? (n.children ?? []).filter((p) => !omit(path, p.children![0]!.value as string)) : (n.children ?? []);
        if (props.length === 0) {
          out.push("{}");
          return;
        }
        const inner = indent + unit;
        out.push("{\n");
        props.forEach((p, i) => {
          const [key, value] = p.children as [Node, Node];
          out.push(inner, quote(key.value as string), ": ");
          path.push(key.value as string);
          write(value, inner);
          path.pop();
          out.push(i < props.length - 1 ? ",\n" : "\n");
        });
        out.push(indent, "}");
        return;
      }
      case "array": {
        const items = n.children ?? [];
        if (items.length === 0) {
          out.push("[]");
          return;
        }
        const inner = indent + unit;
        out.push("[\n");
        items.forEach((item, i) => {
          out.push(inner);
          path.push(i);
          write(item, inner);
          path.pop();
          out.push(i < items.length - 1 ? ",\n" : "\n");
        });
        out.push(indent, "]");
        return;
      }
      case "string":
        out.push(quote(n.value as string));
        return;
      case "number":
        out.push(text.slice(n.offset, n.offset + n.length));
        return;
      case "boolean":
        out.push(n.value ? "true" : "false");
        return;
      case "null":
        out.push("null");
        return;
      default:
        throw new Error(`unexpected JSON node type ${n.type}`);
    }
  }
}

/** JSON string literal, with `{{` broken up as `\u007b{`, `<` written `\u003c` (no tag can open), and invisible characters escaped. */
function quote(s: string): string {
  const json = JSON.stringify(s);
  // Most strings need nothing (this runs for every string of the page). JSON.stringify has
  // escaped the C0 controls already; the rest of INVISIBLE it leaves raw.
  if (!json.includes("{{") && !json.includes("<") && !hasInvisible(json)) return json;
  return escapeInvisible(json.replace(/\{(?=\{)/g, "\\u007b").replace(/</g, "\\u003c"));
}
