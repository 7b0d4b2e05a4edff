/**
 * Stage 5, attributes (scripts/stages/index-attributes.ts): golden listings of the
 * seed schema and the four corpus schemas, then one hand-made schema per rule.
 *
 * The listings are vitest file snapshots under test/fixtures/attributes/expected/,
 * one line per attribute (see `listing`), read line by line against the schemas
 * before they were accepted. After an intended change:
 * `npx vitest run test/unit/stages/index-attributes.test.ts -u`, then read `git diff test/fixtures/attributes`.
 */
import { describe, expect, it } from "vitest";
import { getAtPointer } from "../../../scripts/core/schema-walk.js";
import { parseJsonText } from "../../../scripts/core/json-text.js";
import { DocgenError } from "../../../scripts/core/problems.js";
import { loadSchema } from "../../../scripts/stages/load.js";
import { dereferenceSchema, type ResolvedSchema } from "../../../scripts/stages/dereference.js";
import { indexDefinitions, pageAnchors } from "../../../scripts/stages/model.js";
import { type Attribute, type AttributeOptions, indexAttributes } from "../../../scripts/stages/index-attributes.js";
import { FIXTURES, MASTER_SCHEMA, corpusSchemaFile, join } from "../../helpers.js";

const EXPECTED = join(FIXTURES, "attributes/expected");

/** Stages 2, 4 and 5 on a loaded schema. */
function attributesOf(resolved: ResolvedSchema, options?: AttributeOptions): Attribute[] {
  const index = indexDefinitions(resolved);
  return indexAttributes(resolved, index, pageAnchors(index).definitions, options).attributes;
}

/** A schema given inline, as the file /virtual/s.json. */
async function inline(schema: unknown, options?: AttributeOptions): Promise<Attribute[]> {
  const text = typeof schema === "string" ? schema : JSON.stringify(schema);
  return attributesOf(await dereferenceSchema(parseJsonText("/virtual/s.json", text)), options);
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
  ["backend.schema.1bcbcc1160", corpusSchemaFile("backend.schema.1bcbcc1160"), 821],
  ["backend.schema.7876acf46c", corpusSchemaFile("backend.schema.7876acf46c"), 1262],
  ["backend_linux.schema.fb166104e0", corpusSchemaFile("backend_linux.schema.fb166104e0"), 1821],
  ["backend_windows.schema.2dd22cad4f", corpusSchemaFile("backend_windows.schema.2dd22cad4f"), 100],
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
    const { attributes } = await fromFile(corpusSchemaFile("backend_linux.schema.fb166104e0"));
    expect(one(attributes, "agent.rule_actions[]")).toMatchObject({ types: ["array"] });
    expect(one(attributes, "agent.rule_actions[]").itemTypes).toBeUndefined();
    expect(attributes.filter((a) => a.required).map((a) => a.marked)).toEqual(["agent", "agent.rule_id", "title"]);
    expect(one(attributes, "process.user_session.k8s_extra.*[]")).toMatchObject({ types: ["array"], itemTypes: ["string"] });
    expect(one(attributes, "process.user_session.k8s_extra.*[]").declaredBy).toBeUndefined();
  });
});

/** The marked paths, with their branches when they have some. */
const marks = (attributes: Attribute[]) => attributes.map((a) => (a.branches ? `${a.marked} (${a.branches.join(" ")})` : a.marked));

describe("recursion: a $ref to a schema already on the path ends it", () => {
  it("a definition that contains itself (Node.children[] is a Node)", async () => {
    const attributes = await inline({
      properties: { tree: { $ref: "#/definitions/Node" } },
      definitions: {
        Node: {
          description: "A node",
          type: "object",
          properties: {
            name: { type: "string" },
            children: { type: "array", items: { $ref: "#/definitions/Node" } },
            parent: { $ref: "#/definitions/Node", description: "Its parent" },
          },
        },
      },
    });
    expect(marks(attributes)).toEqual(["tree", "tree.name", "tree.children[]", "tree.parent"]);
    expect(one(attributes, "tree.children[]")).toMatchObject({
      types: ["array"],
      itemTypes: ["object"],
      definition: { name: "Node" },
      recursive: { definition: { name: "Node", anchor: "node" }, at: "tree" },
      description: "A node",
    });
    expect(one(attributes, "tree.parent")).toMatchObject({
      types: ["object"],
      definition: { name: "Node" },
      recursive: { definition: { name: "Node" }, at: "tree" },
      description: "Its parent",
    });
    expect(one(attributes, "tree").recursive).toBeUndefined();
  });

  it("two definitions that refer to each other (A → B → A)", async () => {
    const attributes = await inline({
      properties: { a: { $ref: "#/$defs/A" } },
      $defs: {
        A: { properties: { x: { type: "string" }, b: { $ref: "#/$defs/B" } } },
        B: { properties: { y: { type: "integer" }, a: { $ref: "#/$defs/A" } } },
      },
    });
    expect(marks(attributes)).toEqual(["a", "a.x", "a.b", "a.b.y", "a.b.a"]);
    expect(one(attributes, "a.b.a")).toMatchObject({ declaredBy: { name: "B" }, recursive: { definition: { name: "A" }, at: "a" } });
    // Entered from B, A is listed again under it, and B is where it stops.
    const fromB = await inline({
      properties: { a: { $ref: "#/$defs/A" }, b: { $ref: "#/$defs/B" } },
      $defs: {
        A: { properties: { b: { $ref: "#/$defs/B" } } },
        B: { properties: { a: { $ref: "#/$defs/A" } } },
      },
    });
    expect(marks(fromB)).toEqual(["a", "a.b", "a.b.a", "b", "b.a", "b.a.b"]);
    expect(one(fromB, "b.a.b").recursive).toEqual({ definition: { name: "B", anchor: "b" }, at: "b" });
  });

  it('`$ref: "#"`: the root itself, at ""', async () => {
    const attributes = await inline({ type: "object", properties: { v: { type: "string" }, self: { $ref: "#" } } });
    expect(marks(attributes)).toEqual(["v", "self"]);
    expect(one(attributes, "self")).toMatchObject({ types: ["object"], recursive: { at: "" } });
    expect(one(attributes, "self").recursive!.definition).toBeUndefined();
    expect(one(attributes, "self").definition).toBeUndefined();
  });

  it("a root that is only a $ref, and a $ref chain (alias → definition)", async () => {
    const attributes = await inline({
      $ref: "#/$defs/Event",
      $defs: {
        Event: { properties: { p: { $ref: "#/$defs/Alias" }, back: { $ref: "#/$defs/Event" } } },
        Alias: { $ref: "#/$defs/Process" },
        Process: { description: "A process", properties: { pid: { type: "integer" } } },
      },
    });
    expect(marks(attributes)).toEqual(["p", "p.pid", "back"]);
    expect(one(attributes, "p")).toMatchObject({ definition: { name: "Alias" }, description: "A process", types: ["object"] });
    expect(one(attributes, "back").recursive).toEqual({ definition: { name: "Event", anchor: "event" }, at: "" });
  });
});

describe("wildcards", () => {
  it("additionalProperties (a schema, true) and patternProperties add `*`, told apart by their segments; false adds nothing", async () => {
    const attributes = await inline({
      properties: {
        labels: { type: "object", additionalProperties: { type: "string", description: "A label" } },
        open: { additionalProperties: true },
        closed: { type: "object", additionalProperties: false },
        headers: {
          type: "object",
          patternProperties: { "^x-": { type: "integer" }, "^y-": { $ref: "#/$defs/Y" } },
          additionalProperties: { type: "boolean" },
        },
      },
      required: ["labels", "headers"],
      $defs: { Y: { properties: { z: { type: "string" } } } },
    });
    expect(marks(attributes)).toEqual([
      "labels",
      "labels.*",
      "open",
      "open.*",
      "closed",
      "headers",
      "headers.*",
      "headers.*",
      "headers.*.z",
      "headers.*",
    ]);
    expect(one(attributes, "labels")).toMatchObject({ required: true, types: ["object"] });
    expect(one(attributes, "labels.*")).toMatchObject({
      types: ["string"],
      required: false,
      description: "A label",
      segments: [
        { name: "labels", arrays: 0 },
        { name: "*", wildcard: {}, arrays: 0 },
      ],
      source: { file: "s.json", pointer: "/properties/labels/additionalProperties" },
    });
    expect(one(attributes, "open")).toMatchObject({ types: ["object"] });
    expect(one(attributes, "open.*")).toMatchObject({ types: [], required: false });
    expect(by(attributes, "headers.*").map((a) => [a.segments[1]!.wildcard, a.types, a.required])).toEqual([
      [{ pattern: "^x-" }, ["integer"], false],
      [{ pattern: "^y-" }, ["object"], false],
      [{}, ["boolean"], false],
    ]);
    expect(one(attributes, "headers.*.z")).toMatchObject({ declaredBy: { name: "Y" }, required: false });
  });
});

describe("composition: every branch's paths, marked with the branches they went through", () => {
  it("oneOf, anyOf, allOf, then/else; a name in two branches is listed twice; branches nest outermost first", async () => {
    const attributes = await inline({
      type: "object",
      properties: {
        e: {
          oneOf: [
            { properties: { a: { type: "string" } }, required: ["a"] },
            { properties: { a: { type: "integer" }, b: { type: "boolean" } } },
          ],
        },
        n: { anyOf: [{ $ref: "#/definitions/Base" }, { type: "null" }] },
      },
      required: ["e", "n"],
      allOf: [{ $ref: "#/definitions/Base" }, { anyOf: [{ properties: { deep: { type: "string" } } }] }],
      if: { properties: { kind: { const: "x" } } },
      then: { properties: { x: { type: "string" } } },
      else: { properties: { y: { type: "string" } } },
      definitions: { Base: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
    });
    expect(marks(attributes)).toEqual([
      "e",
      "e.a (e: oneOf[0])",
      "e.a (e: oneOf[1])",
      "e.b (e: oneOf[1])",
      "n",
      "n.id (n: anyOf[0])",
      "id (allOf[0])",
      "deep (allOf[1] anyOf[0])",
      "x (then)",
      "y (else)",
    ]);
    expect(by(attributes, "e.a").map((a) => a.types)).toEqual([["string"], ["integer"]]);
    // Required in a oneOf/anyOf branch, but that branch may not be the one that holds: not required. Every allOf
    // branch holds: `id`, required by Base through allOf[0], is; `deep`, under an anyOf inside it, is not.
    expect(attributes.filter((a) => a.required).map((a) => a.marked)).toEqual(["e", "n", "id"]);
    // Types through a branch's $ref: Base is an object.
    expect(one(attributes, "n").types).toEqual(["object", "null"]);
    expect(one(attributes, "id")).toMatchObject({ declaredBy: { name: "Base" }, source: { pointer: "/definitions/Base/properties/id" } });
    expect(one(attributes, "deep").source.pointer).toBe("/allOf/1/anyOf/0/properties/deep");
  });

  it("dependentSchemas and dependencies (of schemas) are branches; unevaluatedProperties is `*` where no additionalProperties is", async () => {
    const attributes = await inline({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      properties: {
        card: {
          type: "object",
          properties: { n: { type: "string" } },
          dependentSchemas: { n: { properties: { billing: { type: "string" } } } },
        },
        old: { properties: { a: {} }, dependencies: { a: ["b"], "x.y": { properties: { b: { type: "integer" } } } } },
        rest: { properties: { a: {} }, unevaluatedProperties: { type: "string" } },
        both: {
          additionalProperties: { type: "string" },
          unevaluatedProperties: { type: "integer" },
          allOf: [{ unevaluatedProperties: true }],
        },
      },
    });
    expect(marks(attributes)).toEqual([
      "card",
      "card.n",
      'card.billing (card: dependentSchemas["n"])',
      "old",
      "old.a",
      'old.b (old: dependencies["x.y"])',
      "rest",
      "rest.a",
      "rest.*",
      "both",
      "both.*",
      "both.* (both: allOf[0])",
    ]);
    expect(one(attributes, "card.billing").source.pointer).toBe("/properties/card/dependentSchemas/n/properties/billing");
    expect(one(attributes, "rest.*")).toMatchObject({ types: ["string"], source: { pointer: "/properties/rest/unevaluatedProperties" } });
    expect(by(attributes, "both.*").map((a) => a.types)).toEqual([["string"], []]);
  });

  it("alternatives of which one says no type allow any type", async () => {
    const attributes = await inline({
      properties: { v: { anyOf: [{ type: "string" }, { minLength: 1 }] }, w: { oneOf: [{ type: "string" }, { enum: [1, null] }] } },
    });
    expect(one(attributes, "v").types).toEqual([]);
    expect(one(attributes, "w").types).toEqual(["string", "integer", "null"]);
  });

  it("an array in a branch is that branch's: the value is not marked, the other branches' paths stay (found by the property test)", async () => {
    const attributes = await inline({
      properties: {
        v: { anyOf: [{ type: "array", items: { properties: { no: { type: "string" } } } }, { properties: { a: { type: "string" } } }] },
      },
    });
    expect(marks(attributes)).toEqual(["v", "v.a (v: anyOf[1])"]);
    expect(one(attributes, "v").types).toEqual(["array", "object"]);
  });

  it("a branch that comes back to a schema on the path adds nothing", async () => {
    const attributes = await inline({
      properties: { n: { $ref: "#/$defs/N" } },
      $defs: { N: { properties: { v: { type: "string" } }, anyOf: [{ $ref: "#/$defs/N" }, { properties: { w: { type: "string" } } }] } },
    });
    expect(marks(attributes)).toEqual(["n", "n.v", "n.w (n: anyOf[1])"]);
  });

  it("a branch says the value it applies to: one label at two levels is two branches (found by the property test)", async () => {
    const attributes = await inline({
      patternProperties: { "^q": { dependentSchemas: { x: { unevaluatedProperties: {} } } } },
      dependentSchemas: { x: { patternProperties: { "^q": { unevaluatedProperties: true } } } },
    });
    expect(marks(attributes)).toEqual(["*", '*.* (*: dependentSchemas["x"])', '* (dependentSchemas["x"])', '*.* (dependentSchemas["x"])']);
    // Through arrays and quoted names, the value's marked path.
    const deeper = await inline({
      properties: { "a.b": { type: "array", items: { properties: { c: { oneOf: [{ properties: { d: {} } }] } } } } },
    });
    expect(marks(deeper)).toEqual(['"a.b"[]', '"a.b"[].c', '"a.b"[].c.d ("a.b"[].c: oneOf[0])']);
  });
});

describe("arrays", () => {
  it("arrays of arrays are marked once per level; the paths go on through the innermost items", async () => {
    const attributes = await inline({
      properties: {
        matrix: { type: "array", items: { type: "array", items: { type: "number", format: "double" } } },
        groups: { type: "array", minItems: 1, items: { type: "array", items: { $ref: "#/$defs/Item" } } },
        nullable: { type: ["array", "null"], items: { type: "string" } },
      },
      required: ["matrix", "groups"],
      $defs: { Item: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    });
    expect(marks(attributes)).toEqual(["matrix[][]", "groups[][]", "groups[][].id", "nullable[]"]);
    expect(one(attributes, "matrix[][]")).toMatchObject({
      path: "matrix",
      types: ["array"],
      itemTypes: ["number"],
      format: "double",
      required: true,
      segments: [{ name: "matrix", arrays: 2 }],
    });
    expect(one(attributes, "groups[][]")).toMatchObject({ itemTypes: ["object"], definition: { name: "Item" }, required: true });
    // The outer array has minItems 1, the inner one not: an event may carry no id.
    expect(one(attributes, "groups[][].id")).toMatchObject({ path: "groups.id", required: false, declaredBy: { name: "Item" } });
    expect(one(attributes, "nullable[]")).toMatchObject({ types: ["array", "null"], itemTypes: ["string"] });
  });

  it("required goes through an array only when it may not be empty (minItems ≥ 1)", async () => {
    const attributes = await inline({
      required: ["some", "many"],
      properties: {
        some: { type: "array", items: { required: ["x"], properties: { x: { type: "string" } } } },
        many: { type: "array", minItems: 2, items: { required: ["x"], properties: { x: { type: "string" } } } },
      },
    });
    expect(attributes.map((a) => [a.marked, a.required])).toEqual([
      ["some[]", true],
      ["some[].x", false],
      ["many[]", true],
      ["many[].x", true],
    ]);
  });

  it("a tuple (items as a list, prefixItems) is marked, not continued; items true or absent: an array of anything", async () => {
    const attributes = await inline({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      properties: {
        pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: { properties: { no: { type: "string" } } } },
        old: { type: "array", items: [{ type: "string" }, { properties: { no: { type: "string" } } }] },
        partial: { type: "array", items: [{ type: "string" }, {}] },
        any: { type: "array", items: true },
        bare: { type: "array" },
        untyped: { items: { type: "string" } },
      },
    });
    expect(marks(attributes)).toEqual(["pair[]", "old[]", "partial[]", "any[]", "bare[]", "untyped[]"]);
    expect(one(attributes, "pair[]").itemTypes).toEqual(["string", "integer"]);
    expect(one(attributes, "old[]").itemTypes).toEqual(["string", "object"]);
    for (const m of ["partial[]", "any[]", "bare[]"]) {
      expect(one(attributes, m).types, m).toEqual(["array"]);
      expect(one(attributes, m).itemTypes, m).toBeUndefined();
    }
    expect(one(attributes, "untyped[]")).toMatchObject({ types: ["array"], itemTypes: ["string"] });
  });
});

describe("descriptions, definitions, files", () => {
  it("a $ref's own description wins over its definition's; else the definition's; an array's, its items'", async () => {
    const attributes = await inline({
      properties: {
        own: { $ref: "#/definitions/D", description: "Own" },
        theirs: { $ref: "#/definitions/D" },
        list: { type: "array", items: { $ref: "#/definitions/D" } },
        listed: { type: "array", items: { $ref: "#/definitions/D", description: "Item's own" } },
        none: { type: "string" },
      },
      definitions: { D: { description: "The definition's", type: "object" } },
    });
    expect(attributes.map((a) => [a.marked, a.description, a.definition?.name])).toEqual([
      ["own", "Own", "D"],
      ["theirs", "The definition's", "D"],
      ["list[]", "The definition's", "D"],
      ["listed[]", "Item's own", "D"],
      ["none", "", undefined],
    ]);
  });

  it("definitions in another file: their source is relative to the root schema's folder", async () => {
    const { resolved, attributes } = await fromFile(join(FIXTURES, "attributes/multi/root.json"));
    expect(listing(attributes)).toBe(
      [
        'process: object; is Process; "The process (own description)"',
        'process.pid: integer; in Process; "Process ID"',
        'process.parent: object; in Process; is Process; recursive Process at "process"; "A process"',
        'process.host: object; in Process; is Host; "The host"',
        'process.host.os: string; enum ["linux","windows"]; in Host; is Os; "An operating system"',
        'host: object; is Host; "The host"',
        'host.os: string; enum ["linux","windows"]; in Host; is Os; "An operating system"',
        "",
      ].join("\n"),
    );
    expect(one(attributes, "process.pid").source).toEqual({ file: "defs/common.json", pointer: "/$defs/Process/properties/pid" });
    expect(one(attributes, "host.os").source).toEqual({ file: "root.json", pointer: "/$defs/Host/properties/os" });
    for (const a of attributes) {
      const file = [...resolved.files.keys()].find((f) => f.endsWith(`/${a.source.file}`))!;
      expect(getAtPointer(resolved.files.get(file)!.value, a.source.pointer), a.marked).toBeDefined();
    }
  });

  it("draft 2020-12 $defs, and a $ref with siblings: one entry per name, required when any of them requires it", async () => {
    const attributes = await inline({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      required: ["p"],
      properties: { p: { $ref: "#/$defs/P", required: ["b"], properties: { a: { description: "Own a" }, c: { type: "string" } } } },
      $defs: { P: { type: "object", required: ["a"], properties: { a: { type: "string" }, b: { type: "integer" } } } },
    });
    expect(attributes.map((a) => [a.marked, a.types, a.required, a.description, a.declaredBy?.name])).toEqual([
      ["p", ["object"], true, "", undefined],
      ["p.a", ["string"], true, "Own a", undefined],
      ["p.c", ["string"], false, "", undefined],
      ["p.b", ["integer"], true, "", "P"],
    ]);
  });
});

describe("names", () => {
  it("dots, *, [], unicode, __proto__, ~ and /: the segments stay unambiguous, the pointers escaped", async () => {
    const names = ["a.b", "*", "x[]", "é🙂", "__proto__", "constructor", "a~/b", ""];
    const text = `{"properties": {${names.map((n) => `${JSON.stringify(n)}: {"properties": {"v": {"type": "string"}}}`).join(", ")}}}`;
    const attributes = await inline(text);
    expect(attributes.filter((a) => a.segments.length === 1).map((a) => a.segments[0]!.name)).toEqual(names);
    expect(one(attributes, '"a.b"')).toMatchObject({ segments: [{ name: "a.b", arrays: 0 }], source: { pointer: "/properties/a.b" } });
    expect(one(attributes, '"a.b".v').segments.map((s) => s.name)).toEqual(["a.b", "v"]);
    // "*" is a name here, not a wildcard.
    expect(one(attributes, '"*"').segments[0]!.wildcard).toBeUndefined();
    expect(one(attributes, '"x[]"')).toMatchObject({ segments: [{ name: "x[]", arrays: 0 }], types: ["object"] });
    expect(one(attributes, "__proto__.v").segments.map((s) => s.name)).toEqual(["__proto__", "v"]);
    expect(one(attributes, "a~/b.v").source.pointer).toBe("/properties/a~0~1b/properties/v");
    expect(one(attributes, '"".v').segments.map((s) => s.name)).toEqual(["", "v"]);
    const keys = attributes.map((a) => JSON.stringify(a.segments));
    expect(new Set(keys).size).toBe(attributes.length);
  });

  it("a literal name that a path could misread is written as a JSON string; plain names, wildcards and arrays as before", async () => {
    const attributes = await inline({
      properties: {
        process: {
          properties: {
            user: { type: "string" },
            "process.user": { type: "string" },
            "a.b": { type: "string" },
            "*": { type: "string" },
            "args[]": { type: "array", items: { type: "string" } },
            'say "hi"': { type: "string" },
            "back\\slash": { type: "string" },
            "": { type: "string" },
            "tab\there": { type: "string" },
            "é🙂 a-b_c:d/e~f 'g'": { type: "string" },
          },
          additionalProperties: { type: "string" },
        },
        "process.user": { type: "string" },
        args: { type: "array", items: { type: "string" } },
      },
    });
    expect(attributes.map((a) => [a.path, a.marked])).toEqual([
      ["process", "process"],
      ["process.user", "process.user"],
      ['process."process.user"', 'process."process.user"'],
      ['process."a.b"', 'process."a.b"'],
      ['process."*"', 'process."*"'],
      ['process."args[]"', 'process."args[]"[]'],
      ['process."say \\"hi\\""', 'process."say \\"hi\\""'],
      ['process."back\\\\slash"', 'process."back\\\\slash"'],
      ['process.""', 'process.""'],
      ["process.tab\there", "process.tab\there"],
      ["process.é🙂 a-b_c:d/e~f 'g'", "process.é🙂 a-b_c:d/e~f 'g'"],
      ["process.*", "process.*"],
      ['"process.user"', '"process.user"'],
      ["args", "args[]"],
    ]);
    // No two paths read alike, marked or not.
    expect(new Set(attributes.map((a) => a.path)).size).toBe(attributes.length);
    expect(new Set(attributes.map((a) => a.marked)).size).toBe(attributes.length);
  });

  it("a recursive mark names the path it comes back to in the same notation", async () => {
    const attributes = await inline({
      properties: { "n.x": { $ref: "#/definitions/N" } },
      definitions: { N: { properties: { next: { $ref: "#/definitions/N" } } } },
    });
    expect(one(attributes, '"n.x".next').recursive).toMatchObject({ at: '"n.x"', definition: { name: "N" } });
  });

  it("integer-like names keep the schema's order (not JavaScript's)", async () => {
    const attributes = await inline('{"properties": {"b": {}, "10": {}, "2": {}, "a": {"properties": {"9": {}, "z": {}, "1": {}}}}}');
    expect(marks(attributes)).toEqual(["b", "10", "2", "a", "a.9", "a.z", "a.1"]);
  });
});

describe("boolean schemas", () => {
  it("a property whose schema is true is listed with no types; false cannot be carried and is not", async () => {
    const attributes = await inline({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      required: ["anything", "never"],
      properties: { anything: true, never: false, t: { $ref: "#/$defs/T" } },
      patternProperties: { "^n": false, "^t": true },
      $defs: { T: true },
    });
    expect(attributes.map((a) => [a.marked, a.types, a.required, a.source.pointer, a.definition?.name])).toEqual([
      ["anything", [], true, "/properties/anything", undefined],
      ["t", [], false, "/properties/t", "T"],
      ["*", [], false, "/patternProperties/^t", undefined],
    ]);
  });
});

describe("the cap", () => {
  it("past maxAttributes the schema is refused with one problem, not listed", async () => {
    const schema = { properties: { a: { $ref: "#/$defs/D" }, b: { $ref: "#/$defs/D" } }, $defs: { D: { properties: { x: {}, y: {} } } } };
    expect(await inline(schema, { maxAttributes: 6 })).toHaveLength(6);
    const err = await inline(schema, { maxAttributes: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocgenError);
    expect((err as DocgenError).problems).toHaveLength(1);
    expect((err as DocgenError).problems[0]!.message).toBe(
      "the schema gives more than 5 attribute paths (definitions shared along long chains multiply them)",
    );
  });

  it("the count before the walk reads a $ref in data as well, and one that is no URI reference is no edge: the cap holds at exactly the count", async () => {
    const schema = {
      properties: { a: { $ref: "#/$defs/D" }, b: { $ref: "#/$defs/D" } },
      $defs: { D: { properties: { x: {}, y: {} }, default: { $ref: "http://[" }, examples: [{ $ref: "#/$defs/D" }] } },
    };
    expect(await inline(schema, { maxAttributes: 6 })).toHaveLength(6);
    await expect(inline(schema, { maxAttributes: 5 })).rejects.toBeInstanceOf(DocgenError);
  });

  it("a $ref chain 3,000 definitions long is listed (it used to overflow the call stack)", async () => {
    const definitions: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) definitions[`D${i}`] = { properties: i < 2999 ? { next: { $ref: `#/definitions/D${i + 1}` } } : {} };
    const attributes = await inline({ properties: { d: { $ref: "#/definitions/D0" } }, definitions });
    expect(attributes).toHaveLength(3000);
    expect(attributes.at(-1)!.segments).toHaveLength(3000);
    expect(attributes.at(-1)!.definition?.name).toBe("D2999");
  });
});
