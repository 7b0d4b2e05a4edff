/**
 * Stage 5, attributes (scripts/stages/05-attributes.ts): golden listings of the
 * seed schema and the four corpus schemas, then one hand-made schema per rule.
 *
 * The listings are vitest file snapshots under test/fixtures/attributes/expected/,
 * one line per attribute (see `listing`), read line by line against the schemas
 * before they were accepted. After an intended change:
 * `npx vitest run test/attributes.test.ts -u`, then read `git diff test/fixtures/attributes`.
 */
import { describe, expect, it } from "vitest";
import { getAtPointer } from "../scripts/core/schema-walk.js";
import { loadSchema } from "../scripts/stages/01-load.js";
import { dereferenceSchema, type ResolvedSchema } from "../scripts/stages/02-dereference.js";
import { buildModel, indexDefinitions } from "../scripts/stages/04-model.js";
import { type Attribute, type AttributeOptions, indexAttributes } from "../scripts/stages/05-attributes.js";
import { FIXTURES, MASTER_SCHEMA, join } from "./helpers.js";

const EXPECTED = join(FIXTURES, "attributes/expected");
const CORPUS = join(FIXTURES, "corpus");

/** Stages 2, 4 and 5 on a loaded schema. */
function attributesOf(resolved: ResolvedSchema, options?: AttributeOptions): Attribute[] {
  const index = indexDefinitions(resolved);
  return indexAttributes(resolved, index, buildModel(resolved, index), options).attributes;
}

async function fromFile(file: string): Promise<{ resolved: ResolvedSchema; attributes: Attribute[] }> {
  const resolved = await dereferenceSchema(await loadSchema(file));
  return { resolved, attributes: attributesOf(resolved) };
}

/** One line per attribute: marked path, types, then each fact that is there, then the description. */
function listing(attributes: Attribute[]): string {
  return attributes
    .map((a) => {
      const types = a.types.length > 0 ? a.types.join("|") : "any";
      const facts = [
        `${a.marked}: ${types}${a.itemTypes ? ` of ${a.itemTypes.join("|")}` : ""}`,
        a.required ? "required" : "",
        a.format !== undefined ? `format ${a.format}` : "",
        a.enum !== undefined ? `enum ${JSON.stringify(a.enum)}` : "",
        a.declaredBy ? `in ${a.declaredBy.name}` : "",
        a.definition ? `is ${a.definition.name}` : "",
        a.branches ? `via ${a.branches.join(" ")}` : "",
        a.recursive ? `recursive ${a.recursive.definition?.name ?? "(no definition)"} at ${JSON.stringify(a.recursive.at)}` : "",
        JSON.stringify(a.description),
      ];
      return facts.filter(Boolean).join("; ");
    })
    .join("\n")
    .concat("\n");
}

const by = (attributes: Attribute[], marked: string) => attributes.filter((a) => a.marked === marked);
const one = (attributes: Attribute[], marked: string): Attribute => {
  const found = by(attributes, marked);
  expect(found, marked).toHaveLength(1);
  return found[0]!;
};
/** What a `--filter path` query would give: the paths whose last segment is `path` (dotted, arrays unmarked). */
const filter = (attributes: Attribute[], word: string) => attributes.filter((a) => a.segments.at(-1)?.name === word).map((a) => a.path);

const REAL: [name: string, file: string, count: number][] = [
  ["backend.schema", MASTER_SCHEMA, 241],
  ["backend.schema.1bcbcc1160", join(CORPUS, "backend.schema.1bcbcc1160.json"), 821],
  ["backend.schema.7876acf46c", join(CORPUS, "backend.schema.7876acf46c.json"), 1262],
  ["backend_linux.schema.fb166104e0", join(CORPUS, "backend_linux.schema.fb166104e0.json"), 1821],
  ["backend_windows.schema.2dd22cad4f", join(CORPUS, "backend_windows.schema.2dd22cad4f.json"), 100],
];

describe("the seed and corpus schemas", () => {
  for (const [name, file, count] of REAL) {
    it(`${name}: ${count} attributes, as checked in`, async () => {
      const { resolved, attributes } = await fromFile(file);
      expect(attributes).toHaveLength(count);
      await expect(listing(attributes)).toMatchFileSnapshot(join(EXPECTED, `${name}.txt`));
      // Each one once; each source is a schema in the file.
      expect(new Set(attributes.map((a) => a.marked)).size).toBe(count);
      const root = resolved.root.value;
      for (const a of attributes) expect(getAtPointer(root, a.source.pointer), a.marked).toBeDefined();
      // The paths a `--filter path` search looks for.
      const paths = filter(attributes, "path");
      for (const p of ["file.path", "file.destination.path", "process.executable.path", "process.parent.executable.path"])
        expect(paths, p).toContain(p);
      // Every one of these schemas has ancestors (an array of a process definition).
      expect(paths).toContain("process.ancestors.executable.path");
      expect(one(attributes, "process.ancestors[].executable.path")).toMatchObject({
        path: "process.ancestors.executable.path",
        types: ["string"],
        declaredBy: { name: "File" },
        required: false,
      });
      expect(one(attributes, "process.ancestors[]")).toMatchObject({
        types: ["array"],
        itemTypes: ["object"],
        declaredBy: { name: "ProcessContext" },
      });
      // None of them is recursive, none has a composition.
      expect(attributes.filter((a) => a.recursive || a.branches)).toEqual([]);
    });
  }

  it("the seed: open maps are listed with a wildcard, required only where every step is", async () => {
    const { attributes } = await fromFile(MASTER_SCHEMA);
    // "destination": { "additionalProperties": true }: an object whose every key can be carried.
    expect(one(attributes, "process.credentials.destination")).toMatchObject({
      types: ["object"],
      description: "Credentials after the operation",
    });
    expect(one(attributes, "process.credentials.destination.*")).toMatchObject({
      types: [],
      segments: [{ name: "process" }, { name: "credentials" }, { name: "destination" }, { name: "*", wildcard: {} }],
      required: false,
    });
    // The seed's root has no `required`: nothing is required.
    expect(attributes.filter((a) => a.required)).toEqual([]);
    expect(one(attributes, "file.destination")).toMatchObject({
      description: "Target file information",
      definition: { name: "File", anchor: "file" },
    });
  });

  it("the corpus: `items: true` is an array of anything; required follows `required` at every step", async () => {
    const { attributes } = await fromFile(join(CORPUS, "backend_linux.schema.fb166104e0.json"));
    expect(one(attributes, "agent.rule_actions[]")).toMatchObject({ types: ["array"] });
    expect(one(attributes, "agent.rule_actions[]").itemTypes).toBeUndefined();
    expect(attributes.filter((a) => a.required).map((a) => a.marked)).toEqual(["agent", "agent.rule_id", "title"]);
    expect(one(attributes, "process.user_session.k8s_extra.*[]")).toMatchObject({ types: ["array"], itemTypes: ["string"] });
    expect(one(attributes, "process.user_session.k8s_extra.*[]").declaredBy).toBeUndefined();
  });
});
