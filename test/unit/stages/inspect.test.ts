/**
 * The rules of stage 3 (scripts/stages/inspect.ts, inspect/), rule by rule: for each, a schema
 * it refuses (the problem at its place, with the rule's id) and one it accepts. Each schema is one file in a fresh temporary folder, read by stages 1 and 2 as a run would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { inspectSchema } from "../../../scripts/stages/inspect.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { DocgenError, type Problem } from "../../../scripts/core/problems.js";
import { join, tempDir } from "../../helpers.js";

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
    expect(problems[0]).toMatchObject({ line: 4, column: 40, pointer: "/properties/a/pattern", rule: "pattern-syntax" });
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
    expect(problems).toMatchObject([{ line: 3, column: 5, pointer: "/patternProperties/^x\\-", rule: "pattern-properties-syntax" }]);
    expect(problems[0]!.message).toMatch(/only without the "u" \(Unicode\) flag/);
  });

  it("accepts names valid with the u flag", async () => {
    expect(await problemsOf('{"patternProperties": {"^x-[0-9]+$": {}}}')).toEqual([]);
  });
});

/** The rule ids and pointers of the problems stage 3 finds in `schema` (or in `text`, when given). */
async function found(schema: unknown, text = JSON.stringify(schema)): Promise<[string | undefined, string | undefined][]> {
  return (await problemsOf(text)).map((p) => [p.rule, p.pointer]);
}

const LONG = "x".repeat(10_001);
const NUMBERS = Array.from({ length: 65 }, (_, i) => i);

/** Each rule: a schema it refuses, where, and a close one it accepts. */
const RULES: { id: string; refused: unknown; text?: string; at: string; accepted: unknown }[] = [
  { id: "root-object", refused: [], at: "", accepted: {} },
  {
    id: "schema-uri",
    refused: { $schema: "https://example.com/nodraft" },
    at: "/$schema",
    accepted: { $schema: "http://json-schema.org/draft-07/schema#" },
  },
  {
    id: "number-range",
    refused: null,
    text: '{"properties": {"a": {"maximum": 1e400}}}',
    at: "/properties/a/maximum",
    accepted: { properties: { a: { maximum: 1e300 } } },
  },
  {
    id: "exact-integer",
    refused: null,
    text: '{"properties": {"a": {"const": 9007199254740993}}}',
    at: "/properties/a/const",
    accepted: { properties: { a: { const: 9007199254740992 } } },
  },
  {
    id: "nested-id",
    refused: { properties: { a: { $id: "a.json" } } },
    at: "/properties/a/$id",
    accepted: { $id: "root.json", properties: { a: {} } },
  },
  { id: "items-bounds", refused: { minItems: 3, maxItems: 2 }, at: "/minItems", accepted: { minItems: 2, maxItems: 2 } },
  { id: "name-map-object", refused: { properties: [] }, at: "/properties", accepted: { properties: {} } },
  { id: "text-length", refused: { description: LONG }, at: "/description", accepted: { description: LONG.slice(1) } },
  {
    id: "name-surrogate",
    refused: { properties: { "a\ud800": {} } },
    at: "/properties/a\ud800",
    accepted: { properties: { "a\ud800\udc00": {} } },
  },
  {
    id: "name-length",
    refused: { properties: { [LONG]: {} } },
    at: `/properties/${LONG}`,
    accepted: { properties: { [LONG.slice(1)]: {} } },
  },
  { id: "heading-id", refused: { definitions: { "!!": {} } }, at: "/definitions/!!", accepted: { definitions: { "a!": {} } } },
  // A long enum (over 64 values) is cut short for the meta-schema, so its duplicates are this rule's; a short one's are the meta-schema's.
  { id: "enum-duplicate", refused: { enum: [...NUMBERS, 0] }, at: "/enum/65", accepted: { enum: [...NUMBERS, 65] } },
  { id: "meta-schema", refused: { type: "text" }, at: "/type", accepted: { type: "string" } },
  {
    id: "ref-cycle",
    refused: { definitions: { A: { $ref: "#/definitions/B" }, B: { allOf: [{ $ref: "#/definitions/A" }] } } },
    at: "/definitions/B/allOf/0/$ref",
    accepted: { definitions: { A: { $ref: "#/definitions/B" }, B: { properties: { a: { $ref: "#/definitions/A" } } } } },
  },
];

describe.each(RULES)("$id", ({ id, refused, text, at, accepted }) => {
  it("refuses a schema that breaks it, at its place", async () => {
    expect(await found(refused, text)).toEqual([[id, at]]);
  });
  it("accepts one that keeps it", async () => {
    expect(await found(accepted)).toEqual([]);
  });
});
