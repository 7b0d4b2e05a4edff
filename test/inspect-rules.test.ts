/**
 * The schema checks of stage 3 (scripts/stages/03-inspect.ts): for each, a schema it refuses (the
 * problem at its place) and one it accepts. Each schema is one file in a fresh temporary folder, read by stages 1 and 2 as a run would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dereferenceSchema } from "../scripts/stages/02-dereference.js";
import { inspectSchema } from "../scripts/stages/03-inspect.js";
import { parseJsonText } from "../scripts/core/json-text.js";
import { DocgenError, type Problem } from "../scripts/core/problems.js";
import { join, tempDir } from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir("cws-docgen-inspect-rules-")));
afterAll(() => cleanup());

/** The problems stage 3 finds in `text` (a schema file's text), none when it passes. */
async function problemsOf(text: string): Promise<Problem[]> {
  const resolved = await dereferenceSchema(parseJsonText(join(dir, "s.json"), text));
  try {
    await inspectSchema(resolved);
    return [];
  } catch (err) {
    if (err instanceof DocgenError) return err.problems;
    throw err;
  }
}

describe("pattern-syntax", () => {
  // Ajv compiles every pattern with the "u" flag: a pattern valid only without it could never be a validator.
  it.each(["\\-", "[\\w-\\.]", "\\d{1,2", "a{", "\\_"])("refuses %j, valid only without the u flag, at its place", async (pattern) => {
    const text = `{\n  "type": "object",\n  "properties": {\n    "a": {"type": "string", "pattern": ${JSON.stringify(pattern)}}\n  }\n}\n`;
    const problems = await problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, column: 40, pointer: "/properties/a/pattern" });
    expect(problems[0]!.message).toMatch(/only without the "u" \(Unicode\) flag/);
  });

  it("refuses a pattern no flag makes valid", async () => {
    const problems = await problemsOf('{"properties": {"a": {"pattern": "^[a-z"}}}');
    expect(problems).toMatchObject([{ pointer: "/properties/a/pattern", message: '"pattern" is not a valid regular expression: "^[a-z"' }]);
  });

  it("accepts patterns valid with the u flag", async () => {
    expect(await problemsOf('{"properties": {"a": {"pattern": "^[a-z\\\\-]+\\\\.\\\\p{L}$"}}}')).toEqual([]);
  });
});

describe("pattern-properties-syntax", () => {
  it("refuses a name valid only without the u flag, at the name", async () => {
    const problems = await problemsOf('{\n  "patternProperties": {\n    "^x\\\\-": {}\n  }\n}');
    expect(problems).toMatchObject([{ line: 3, column: 5, pointer: "/patternProperties/^x\\-" }]);
    expect(problems[0]!.message).toMatch(/only without the "u" \(Unicode\) flag/);
  });

  it("accepts names valid with the u flag", async () => {
    expect(await problemsOf('{"patternProperties": {"^x-[0-9]+$": {}}}')).toEqual([]);
  });
});
