/**
 * Numbers JSON.parse cannot keep: beyond double range anywhere (1e400 is Infinity in a validator,
 * null in JSON), and integers past 2^53 in `const`/`enum` (compared exactly). Each rule looks only
 * in a file whose text has a number that long.
 */
import { nodeAt } from "../../core/json-position.js";
import { pointerToken, pointerTokens } from "../../core/problems.js";
import { getAtPointer, isObject } from "../../core/schema-walk.js";
import type { FileRule, InspectedFile, SchemaRule } from "./rule.js";

/** `number-range`: no number beyond the range of a double, anywhere in the schema's parts. */
export const numberRange: FileRule = {
  kind: "file",
  id: "number-range",
  check(file, report) {
    if (!/[eE]\+?\d{3}|\d{309}/.test(file.loaded.text)) return;
    for (const part of file.parts) {
      eachNumber(getAtPointer(file.loaded.value, part), part, (v, pointer) => {
        if (Number.isFinite(v)) return;
        report({
          pointer,
          message: "this number is beyond the range of a double: JSON.parse, the types and the validator would each read it differently",
          hint: "write a number between -1.7976931348623157e308 and 1.7976931348623157e308",
        });
      });
    }
  },
};

/** `exact-integer`: every integer of a `const` or `enum` is one a double keeps exactly. */
export const exactInteger: SchemaRule = {
  kind: "schema",
  id: "exact-integer",
  appliesTo: (file) => /\d{16}/.test(file.loaded.text),
  check({ schema, pointer: base }, file, report) {
    for (const key of ["const", "enum"]) {
      if (!(key in schema)) continue;
      eachNumber(schema[key], `${base}/${key}`, (v, pointer) => {
        if (!Number.isInteger(v) || Number.isSafeInteger(v) || keptExactly(file, v, pointer)) return;
        report({
          pointer,
          message: `this integer is beyond 2^53 (${Number.MAX_SAFE_INTEGER}), so it cannot be kept exactly: the validator would accept neighbouring numbers as equal to it`,
          hint: "write it as a string, or as a smaller integer",
        });
      });
    }
  },
};

/** Calls `found` with every number in `value` (at any depth) and its pointer, last ones first. */
function eachNumber(value: unknown, pointer: string, found: (v: number, pointer: string) => void): void {
  const stack: [unknown, string][] = [[value, pointer]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (typeof v === "number") found(v, p);
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        stack.push([item, `${p}/${i}`]);
      });
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) stack.push([v[k], `${p}/${pointerToken(k)}`]);
    }
  }
}

/** Whether the number at `pointer` is written as an integer that the double `v` is exactly (1e20 or 2^53 are; 9007199254740993 is not). */
function keptExactly(file: InspectedFile, v: number, pointer: string): boolean {
  const node = nodeAt(file.loaded.tree, pointerTokens(pointer));
  const written = node ? file.loaded.text.slice(node.offset, node.offset + node.length) : "";
  return !/^-?\d+$/.test(written) || BigInt(written) === BigInt(v);
}
