/**
 * Stage 1, load (scripts/stages/load.ts): JSON text kept as a tree with its offsets, a byte-order
 * mark, the line:column of a syntax error, empty and binary files, nesting past the limit, a missing
 * file.
 */
import { describe, expect, it } from "vitest";
import { DocgenError } from "../../../scripts/core/problems.js";
import { loadSchema } from "../../../scripts/stages/load.js";
import { MAX_DEPTH, parseJsonText } from "../../../scripts/core/json-text.js";

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DocgenError);
    return (err as DocgenError).problems[0]!;
  }
  throw new Error("expected a DocgenError");
}

describe("load", () => {
  it("parses JSON and keeps a tree with source order and offsets", () => {
    const l = parseJsonText("s.json", '{"b": 1, "2": 2.0}');
    expect(l.value).toEqual({ b: 1, "2": 2 });
    expect(l.tree.children!.map((p) => p.children![0]!.value)).toEqual(["b", "2"]);
  });

  it("tolerates a UTF-8 byte-order mark", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type": "object"}')]);
    expect(parseJsonText("s.json", bytes).value).toEqual({ type: "object" });
  });

  it("names file:line:column on a syntax error", () => {
    const p = problemOf(() => parseJsonText("bad.json", '{\n  "a": 1,\n  "b": 2,\n}'));
    expect(p).toMatchObject({ file: "bad.json", line: 4, column: 1 });
    expect(p.message).toMatch(/invalid JSON/);
  });

  it("refuses an unterminated string at its place", () => {
    const p = problemOf(() => parseJsonText("bad.json", '{"a": "oops}'));
    expect(p).toMatchObject({ line: 1, column: 7 });
    expect(p.message).toMatch(/unterminated string/);
  });

  it("refuses empty files and binary garbage with a clear message", () => {
    expect(problemOf(() => parseJsonText("e.json", "  \n")).message).toMatch(/empty/);
    expect(problemOf(() => parseJsonText("b.json", Buffer.from([0xff, 0xfe, 0x00, 0x9c]))).message).toMatch(/not UTF-8/);
  });

  it("refuses nesting deeper than the limit before parsing, without a stack overflow", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const p = problemOf(() => parseJsonText("deep.json", deep));
    expect(p.message).toMatch(new RegExp(`more than ${MAX_DEPTH} levels`));
    expect(p).toMatchObject({ line: 1, column: MAX_DEPTH + 1 });
    // Brackets inside strings do not count.
    expect(() => parseJsonText("ok.json", JSON.stringify({ d: "[".repeat(1000) }))).not.toThrow();
  });

  it("reports a missing file", async () => {
    await expect(loadSchema("/nonexistent/x.json")).rejects.toThrow(/cannot read the schema: no such file/);
  });
});
