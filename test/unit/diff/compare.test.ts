/**
 * `cws-docgen diff`: every kind of change on fixture pairs, each format byte for byte, exit codes, colour, and
 * real git revisions; the command's runs in this process, and the built CLI on a real terminal for its colours.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffSchemas, type SchemaChange, type SchemaDiff } from "../../../scripts/diff/compare.js";
import { formatDiff } from "../../../scripts/diff/format.js";
import { colorWanted } from "../../../scripts/core/colors.js";
import { readSchemaSource } from "../../../scripts/diff/sources.js";
import { CLI, FIXTURES, cp, join, readFile, runInProcess, tempDir, writeFiles } from "../../helpers.js";

const CASES = join(FIXTURES, "diff/cases");
const MASTER = join(FIXTURES, "diff/master");
/** Colour decided by the CLI alone: no FORCE_COLOR or NO_COLOR from the test runner. */
const PLAIN_ENV = { FORCE_COLOR: undefined, NO_COLOR: undefined };

async function diffCase(name: string): Promise<SchemaChange[]> {
  const dir = join(CASES, name);
  const [oldFile, newFile] = existsSync(join(dir, "old.json"))
    ? [join(dir, "old.json"), join(dir, "new.json")]
    : [join(dir, "old/backend.schema.json"), join(dir, "new/backend.schema.json")];
  return diffSchemas(await readSchemaSource(oldFile), await readSchemaSource(newFile)).changes;
}

/** [definition, field, kind, breaking] for each change, in order; ["attribute", marked path, kind, breaking] for an attribute path. */
const brief = (changes: SchemaChange[]) =>
  changes.map((c) => (c.attribute ? ["attribute", c.attribute.marked, c.kind, c.breaking] : [c.definition, c.field, c.kind, c.breaking]));

describe("diff: each kind of change, classified", () => {
  const expected: Record<string, (string | null | boolean)[][]> = {
    definitions: [
      [null, "a", "type-changed", true],
      ["A", null, "definition-removed", true],
      ["B", null, "definition-removed", false],
      ["D", null, "definition-added", false],
      ["attribute", "a.x", "attribute-removed", true],
      ["attribute", "a.z", "attribute-added", false],
    ],
    fields: [
      ["Event", "b", "field-removed", true],
      ["Event", "c", "field-added", false],
      ["Event", "d", "field-added", true],
      ["attribute", "e.b", "attribute-removed", true],
      ["attribute", "e.c", "attribute-added", false],
      ["attribute", "e.d", "attribute-added", false],
    ],
    types: [
      ["T", "changed", "type-changed", true],
      ["T", "to_number", "type-widened", false],
      ["T", "to_nullable", "type-widened", true],
      ["T", "to_not_null", "type-narrowed", true],
      ["T", "to_integer", "type-narrowed", true],
      ["T", "typed_now", "type-narrowed", true],
      ["T", "any_now", "type-widened", true],
    ],
    refs: [
      ["Holder", "renamed", "type-changed", true],
      ["Holder", "inlined", "type-changed", true],
      ["Holder", "described", "description-changed", false],
      ["FileV2", null, "definition-added", false],
      ["attribute", "f.inlined.path", "attribute-removed", true],
    ],
    arrays: [
      ["Lists", "tags[]", "type-changed", true],
      ["Lists", "files[]", "type-changed", true],
      ["Lists", "loose[]", "type-narrowed", true],
      ["Lists", "single", "type-changed", true],
      // An array is marked on its path (`l.single[]`): a field that becomes a list of items is another path;
      // `l.loose[]` is an array on both sides, whatever its items.
      ["attribute", "l.single", "attribute-removed", true],
      ["attribute", "l.single[]", "attribute-added", false],
    ],
    enums: [
      ["E", "fewer", "type-narrowed", true],
      ["E", "more", "type-widened", true],
      ["E", "other", "type-changed", true],
      ["E", "restricted", "type-narrowed", true],
      ["E", "free", "type-widened", true],
      ["E", "constant", "type-changed", true],
    ],
    required: [
      ["P", "a", "field-became-required", true],
      ["P", "b", "field-became-optional", true],
    ],
    "additional-properties": [
      ["Opened", null, "additional-properties-changed", false],
      ["Closed", null, "additional-properties-changed", true],
      ["Unsaid", null, "additional-properties-changed", true],
      ["ToSchema", null, "additional-properties-changed", false],
      ["Schemas", null, "additional-properties-changed", true],
      // Any other name (`additionalProperties` true or a schema) is a wildcard path: closing an object removes it.
      ["attribute", "b.*", "attribute-removed", true],
      ["attribute", "a.*", "attribute-added", false],
      ["attribute", "d.*", "attribute-added", false],
    ],
    descriptions: [
      ["Doc", "changed", "description-changed", false],
      ["Doc", "added", "description-changed", false],
      ["Doc", "removed", "description-changed", false],
      ["Doc", "titled", "annotation-changed", false],
      ["Doc", "extended", "annotation-changed", false],
      ["Doc", null, "description-changed", false],
    ],
    root: [
      [null, "date", "type-changed", true],
      [null, "gone", "field-removed", true],
      [null, "added", "field-added", false],
      [null, null, "additional-properties-changed", false],
      [null, null, "description-changed", false],
      ["attribute", "gone", "attribute-removed", true],
      ["attribute", "added", "attribute-added", false],
      ["attribute", "*", "attribute-added", false],
    ],
    constraints: [
      ["C", "formatted", "constraint-changed", true],
      ["C", "patterned", "constraint-changed", false],
      ["C", "shorter", "constraint-changed", true],
      ["C", "lower", "constraint-changed", false],
      ["C", "listed", "constraint-changed", true],
      ["C", "longer_list", "constraint-changed", true],
    ],
    // Since draft-06, exclusiveMinimum and exclusiveMaximum are numbers, bounds like minimum and maximum.
    "exclusive-bounds": [
      ["X", "lowered", "constraint-changed", false],
      ["X", "raised", "constraint-changed", true],
      ["X", "higher_cap", "constraint-changed", false],
      ["X", "lower_cap", "constraint-changed", true],
      ["X", "unbounded", "constraint-changed", false],
      ["X", "bounded", "constraint-changed", true],
    ],
    // In draft-04 they are booleans that make minimum and maximum exclusive: turning one off loosens the bound.
    "exclusive-flags": [
      ["X", "opened", "constraint-changed", false],
      ["X", "closed", "constraint-changed", true],
      ["X", "unflagged", "constraint-changed", false],
      ["X", "flagged", "constraint-changed", true],
    ],
    "nested-and-other": [
      ["N", "either", "other-changed", true],
      ["N", "parent.name", "field-removed", true],
      ["N", "parent.size", "type-changed", true],
      ["N", "parent.pid", "field-became-optional", true],
      ["attribute", "n.parent.name", "attribute-removed", true],
    ],
    "multi-file": [
      ["File", "mount_id", "field-removed", true],
      ["Process", "pid", "description-changed", false],
      ["attribute", "process.exe.mount_id", "attribute-removed", true],
      ["attribute", "file.mount_id", "attribute-removed", true],
    ],
    // A field of a definition used in twelve places: twelve paths; an object added: one change for it and the paths below it.
    attributes: [
      [null, "extra", "field-added", false],
      ["Proc", "gone", "field-removed", true],
      ...Array.from({ length: 12 }, (_, i) => ["attribute", `p${i}.gone`, "attribute-removed", true]),
      ["attribute", "extra", "attribute-added", false],
    ],
    // Keys reordered, a definition moved from `definitions` to `$defs` (and its $ref with it): nothing changed.
    unchanged: [],
  };

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}`, async () => {
      expect(brief(await diffCase(name))).toEqual(want);
    });
  }

  it("says why, in words, and where", async () => {
    const changes = await diffCase("definitions");
    expect(changes[1]).toMatchObject({
      message: "definition `A` removed",
      reason:
        "it was referenced by the root schema: events that hold it no longer validate, and code that uses the type `A` no longer compiles",
      pointer: { old: "/definitions/A" },
    });
    expect(changes[2]!.reason).toBe(
      "nothing in the old schema referred to it, so no event could hold it; only code that imports the type `B` by name needs a change",
    );
    const types = await diffCase("types");
    expect(types[1]).toMatchObject({
      message: "field `T.to_number`: type widened from `integer` to `number`",
      reason: "every value that was valid still is, and the generated type stays `number`",
      from: "integer",
      to: "number",
    });
    expect(types[2]!.reason).toBe(
      "events that were valid stay valid, but the generated type becomes `string | null`: code written for `string` must now handle `null`",
    );
    expect(types[3]!.reason).toBe("values of type `null`, valid before, are now rejected");
    expect(types[4]!.reason).toBe("numbers that are not integers, valid before, are now rejected");
    const refs = await diffCase("refs");
    expect(refs[0]).toMatchObject({
      message: "field `Holder.renamed`: type changed from `File` to `FileV2`",
      pointer: { old: "/definitions/Holder/properties/renamed", new: "/definitions/Holder/properties/renamed" },
    });
    const fields = await diffCase("fields");
    expect(fields[0]!.reason).toBe(
      "code that reads `Event.b` no longer compiles, and events that still carry it are now rejected (additionalProperties is false)",
    );
    const multi = await diffCase("multi-file");
    expect(multi[0]!.pointer).toEqual({ old: "process.json#/definitions/File/properties/mount_id" });
  });
});

describe("cws-docgen diff: formats", () => {
  for (const [format, file] of [
    ["text", "expected.txt"],
    ["markdown", "expected.md"],
    ["json", "expected.json"],
  ] as const) {
    it(`--format ${format} on two versions of the master schema is the golden file, byte for byte`, async () => {
      const r = await runInProcess(["diff", "old.schema.json", "new.schema.json", "--format", format], { cwd: MASTER });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      await expect(r.stdout).toMatchFileSnapshot(join(MASTER, file));
    });
  }

  it("text is the default format", async () => {
    const r = await runInProcess(["diff", "old.schema.json", "new.schema.json"], { cwd: MASTER });
    expect(r.stdout).toBe(await readFile(join(MASTER, "expected.txt"), "utf8"));
  });

  it("json: every change carries definition, field, kind, breaking, message and reason", async () => {
    const r = await runInProcess(["diff", "old.schema.json", "new.schema.json", "--format", "json"], { cwd: MASTER });
    const out = JSON.parse(r.stdout) as { summary: { changes: number; breaking: number }; changes: Record<string, unknown>[] };
    expect(out.changes.length).toBe(out.summary.changes);
    expect(out.changes.filter((c) => c.breaking).length).toBe(out.summary.breaking);
    for (const c of out.changes) {
      expect(Object.keys(c).slice(0, 6)).toEqual(["definition", "field", "kind", "breaking", "message", "reason"]);
      expect(c.definition === null || typeof c.definition === "string").toBe(true);
      expect(c.field === null || typeof c.field === "string").toBe(true);
    }
    expect(out.changes.find((c) => c.field === "mount_id")).toMatchObject({
      definition: "File",
      kind: "field-removed",
      breaking: true,
      message: "field `File.mount_id` removed",
    });
  });

  it("says so when nothing changed, in every format", async () => {
    const args = [join(CASES, "unchanged/old.json"), join(CASES, "unchanged/new.json")];
    expect((await runInProcess(["diff", ...args])).stdout).toMatch(/\nno changes\n$/);
    expect((await runInProcess(["diff", ...args, "--format", "markdown"])).stdout).toMatch(/\nNo changes\.\n$/);
    expect(JSON.parse((await runInProcess(["diff", ...args, "--format", "json"])).stdout)).toMatchObject({
      summary: { changes: 0, breaking: 0 },
      changes: [],
    });
  });

  it("markdown escapes names that look like Markdown or HTML", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const schema = (props: object) => JSON.stringify({ type: "object", properties: props });
      await writeFiles(dir, { "old.json": schema({}), "new.json": schema({ "<b>x|y</b>": { type: "string", description: "a" } }) });
      const r = await runInProcess(["diff", "old.json", "new.json", "--format", "markdown"], { cwd: dir });
      // The pipe stands between two code spans, escaped: no backslash inside a span can free it.
      expect(r.stdout).toContain("| `<b>x`\\|`y</b>` (root) | root field added (optional) |");
      expect(r.stdout).not.toContain("<b>x|");
    } finally {
      await cleanup();
    }
  });
});

describe("cws-docgen diff: attribute paths", () => {
  const ATTRIBUTES = join(CASES, "attributes");
  const args = ["diff", join(ATTRIBUTES, "old.json"), join(ATTRIBUTES, "new.json")];

  it("a removed path is breaking, an added one is not; a subtree is one change, its other paths listed in `below`", async () => {
    const changes = await diffCase("attributes");
    expect(changes[2]).toMatchObject({
      definition: null,
      field: null,
      kind: "attribute-removed",
      breaking: true,
      message: "attribute `p0.gone` removed",
      reason: "searches, facets and detection rules that name `p0.gone` find nothing in events of the new schema",
      pointer: { old: "/definitions/Proc/properties/gone" },
      attribute: { path: "p0.gone", marked: "p0.gone", below: [] },
    });
    expect(changes.at(-1)).toMatchObject({
      kind: "attribute-added",
      breaking: false,
      message: "attribute `extra` added, with the 2 paths below it",
      pointer: { new: "/properties/extra" },
      attribute: { path: "extra", marked: "extra", below: ["extra.a", "extra.b"] },
    });
    const arrays = await diffCase("arrays");
    expect(arrays.find((c) => c.attribute?.marked === "l.single[]")).toMatchObject({
      message: "attribute `l.single[]` added, with the path below it",
      attribute: { below: ["l.single[].path"] },
    });
  });

  it("--fail-on-breaking exits 1 when a field is removed, naming each attribute path it removes", async () => {
    const dir = join(CASES, "fields");
    const r = await runInProcess(["diff", join(dir, "old.json"), join(dir, "new.json"), "--fail-on-breaking"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "  ✗ attribute `e.b` removed\n      searches, facets and detection rules that name `e.b` find nothing in events of the new schema\n",
    );
    expect(r.stdout).toContain("  ✓ attribute `e.c` added\n");
  });

  it("text and markdown list ten attribute changes of a kind and count the rest; json lists every one", async () => {
    const text = await runInProcess(args);
    expect(text.stdout).toContain("15 changes: 13 breaking, 2 not breaking\n");
    for (let i = 0; i < 10; i++) expect(text.stdout).toContain(`  ✗ attribute \`p${i}.gone\` removed\n`);
    expect(text.stdout).not.toContain("p10.gone");
    expect(text.stdout).toContain(
      "  ✗ attribute `p9.gone` removed\n      searches, facets and detection rules that name `p9.gone` find nothing in events of the new schema\n  ✗ and 2 more attribute paths removed (--format json lists every one)\n\nNot breaking (2)\n",
    );
    const md = await runInProcess([...args, "--format", "markdown"]);
    expect(md.stdout).toContain("| `p9.gone` | attribute removed |");
    expect(md.stdout).not.toContain("p10.gone");
    expect(md.stdout).toContain("\nAnd 2 more attribute paths removed (--format json lists every one).\n\n### Not breaking (2)\n");
    expect(md.stdout).toContain("| `extra` | attribute added, with the 2 paths below it |");
    const json = JSON.parse((await runInProcess([...args, "--format", "json"])).stdout);
    expect(json.summary).toEqual({ changes: 15, breaking: 13 });
    expect(json.changes.filter((c: SchemaChange) => c.kind === "attribute-removed").map((c: SchemaChange) => c.attribute!.marked)).toEqual(
      Array.from({ length: 12 }, (_, i) => `p${i}.gone`),
    );
  });
});

describe("cws-docgen diff: a schema with too many attribute paths", () => {
  const note = "attribute paths not compared: a schema gives more than 100,000 of them (definitions shared along long chains)";

  it("compares the rest, exit 0, and the JSON says why the attribute paths were not compared", async () => {
    const explosion = join(FIXTURES, "hostile/ref-explosion/input/schema.json");
    const { dir, cleanup } = await tempDir();
    try {
      const schema = JSON.parse(await readFile(explosion, "utf8"));
      schema.description = "edited";
      await writeFiles(dir, { "new.json": JSON.stringify(schema) });
      const r = await runInProcess(["diff", explosion, join(dir, "new.json"), "--format", "json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.notes).toEqual([note]);
      expect(json.summary).toEqual({ changes: 1, breaking: 0 });
      expect(json.changes[0].kind).toBe("description-changed");
    } finally {
      await cleanup();
    }
  });

  it("text and markdown end with the note, with changes or without", () => {
    const diff: SchemaDiff = { old: "a.json", new: "b.json", changes: [], notes: [note] };
    expect(formatDiff(diff, "text")).toBe(`Schema changes from a.json to b.json\nno changes\nnote: ${note}\n`);
    expect(formatDiff(diff, "markdown").endsWith(`No changes.\n\nNote: ${note}.\n`)).toBe(true);
    expect(JSON.parse(formatDiff(diff, "json")).notes).toEqual([note]);
    expect(JSON.parse(formatDiff({ ...diff, notes: undefined } as SchemaDiff, "json"))).not.toHaveProperty("notes");
  });
});

describe("cws-docgen diff: colour", () => {
  const args = ["diff", "old.schema.json", "new.schema.json"];
  it("none when the output is not a terminal, nor with NO_COLOR or FORCE_COLOR=0", async () => {
    for (const env of [PLAIN_ENV, { ...PLAIN_ENV, NO_COLOR: "1" }, { ...PLAIN_ENV, FORCE_COLOR: "0" }]) {
      const r = await runInProcess(args, { cwd: MASTER, env });
      expect(r.stdout).not.toContain("\x1b[");
    }
  });

  it("FORCE_COLOR turns it on (breaking in red, the rest in green), and wins over NO_COLOR", async () => {
    for (const env of [
      { ...PLAIN_ENV, FORCE_COLOR: "1" },
      { FORCE_COLOR: "1", NO_COLOR: "1" },
    ]) {
      const r = await runInProcess(args, { cwd: MASTER, env });
      expect(r.stdout).toContain("\x1b[31m✗\x1b[39m");
      expect(r.stdout).toContain("\x1b[32m✓\x1b[39m");
      expect(r.stdout.replace(/\x1b\[\d+m/g, "")).toBe(await readFile(join(MASTER, "expected.txt"), "utf8"));
    }
    // Markdown and JSON never get colour.
    const md = await runInProcess([...args, "--format", "markdown"], { cwd: MASTER, env: { FORCE_COLOR: "1" } });
    expect(md.stdout).not.toContain("\x1b[");
  });

  it("on a real terminal (a pseudo-terminal made by script(1)), colours are on unless NO_COLOR is set", async () => {
    const onTerminal = execFileSync(
      "script",
      ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args.join(" ")}`, "/dev/null"],
      { cwd: MASTER, env: { PATH: process.env.PATH ?? "", TERM: "xterm" }, encoding: "utf8" },
    );
    expect(onTerminal).toContain("\x1b[31m✗\x1b[39m");
    // NO_COLOR, on a run whose stdout is a terminal as the pseudo-terminal is.
    const terminal = { ...PLAIN_ENV, TERM: "xterm" };
    expect((await runInProcess(args, { cwd: MASTER, env: terminal, isTTY: true })).stdout).toContain("\x1b[31m✗\x1b[39m");
    expect((await runInProcess(args, { cwd: MASTER, env: { ...terminal, NO_COLOR: "1" }, isTTY: true })).stdout).not.toContain("\x1b[");
  });

  it("colorWanted follows FORCE_COLOR, then NO_COLOR, then the stream", () => {
    expect(colorWanted({ isTTY: true }, {})).toBe(true);
    expect(colorWanted({ isTTY: false }, {})).toBe(false);
    expect(colorWanted({}, {})).toBe(false);
    expect(colorWanted({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorWanted({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorWanted({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colorWanted({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(colorWanted({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorWanted({ isTTY: true }, { FORCE_COLOR: "false" })).toBe(false);
  });
});

describe("cws-docgen diff: exit codes", () => {
  it("--fail-on-breaking exits 1 when a change is breaking, after printing the changes", async () => {
    const r = await runInProcess(["diff", "old.schema.json", "new.schema.json", "--fail-on-breaking"], { cwd: MASTER });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(await readFile(join(MASTER, "expected.txt"), "utf8"));
  });

  it("--fail-on-breaking exits 0 when no change is breaking, or nothing changed; without it, breaking changes exit 0", async () => {
    expect(
      (await runInProcess(["diff", join(CASES, "descriptions/old.json"), join(CASES, "descriptions/new.json"), "--fail-on-breaking"])).code,
    ).toBe(0);
    expect(
      (await runInProcess(["diff", join(CASES, "unchanged/old.json"), join(CASES, "unchanged/new.json"), "--fail-on-breaking"])).code,
    ).toBe(0);
    expect((await runInProcess(["diff", "old.schema.json", "new.schema.json"], { cwd: MASTER })).code).toBe(0);
  });

  it("exits 2 on bad input, naming the file and the place, with no stack trace", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFiles(dir, {
        "ok.json": '{"type": "object"}',
        "broken.json": '{\n  "type": "object",\n  "properties": {\n}',
        "dangling.json": '{"properties": {"a": {"$ref": "#/definitions/Gone"}}}',
        "big.json": JSON.stringify({ type: "object", description: "x".repeat(2000) }),
      });
      const cases: [string[], RegExp][] = [
        [["diff", "missing.json", "ok.json"], /^cws-docgen: error: missing\.json: cannot read the schema: no such file\n/],
        [["diff", "ok.json", "broken.json"], /^cws-docgen: error: broken\.json:4:2: invalid JSON: a closing \} was expected/],
        [
          ["diff", "ok.json", "dangling.json"],
          /^cws-docgen: error: dangling\.json:1:31 at \/properties\/a\/\$ref: "\$ref" "#\/definitions\/Gone" points nowhere/,
        ],
        [["diff", "ok.json", "ok.json", "--format", "yaml"], /argument 'yaml' is invalid\. Allowed choices are text, markdown, json/],
        [["diff", "ok.json"], /missing required argument 'new'/],
        // A schema over the size limit (here 0.001 MiB: 1.02 KiB) is refused before it is read; a limit must be a size.
        [
          ["diff", "ok.json", "big.json", "--max-schema-size", "0.001"],
          /^cws-docgen: error: big\.json: the schema is 1\.99 KiB; cws-docgen reads schemas up to 1\.02 KiB \(all their files together\)\n {2}hint: .*--max-schema-size/,
        ],
        [
          ["diff", "ok.json", "ok.json", "--max-schema-size", "lots"],
          /option '--max-schema-size <MiB>' argument 'lots' is invalid\. give a size in MiB, such as 64/,
        ],
      ];
      for (const [args, message] of cases) {
        const r = await runInProcess(args, { cwd: dir });
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stdout).toBe("");
      }
    } finally {
      await cleanup();
    }
  });
});

describe("cws-docgen diff: git revisions", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: dir,
      stdio: "pipe",
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
    });
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    git("init", "-q", "-b", "main");
    await cp(join(MASTER, "old.schema.json"), join(dir, "schema/backend.schema.json"));
    await cp(join(CASES, "multi-file/old"), join(dir, "multi"), { recursive: true });
    git("add", ".");
    git("commit", "-q", "-m", "v1");
    await cp(join(MASTER, "new.schema.json"), join(dir, "schema/backend.schema.json"));
    await cp(join(CASES, "multi-file/new"), join(dir, "multi"), { recursive: true });
    git("commit", "-q", "-am", "v2");
  });
  afterEach(() => cleanup());

  it("HEAD~1:file against HEAD:file reads both versions with git, and lists the same changes as the files", async () => {
    const r = await runInProcess(
      ["diff", "HEAD~1:schema/backend.schema.json", "HEAD:schema/backend.schema.json", "--format", "json", "--fail-on-breaking"],
      { cwd: dir },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const fromGit = JSON.parse(r.stdout);
    const fromFiles = JSON.parse(await readFile(join(MASTER, "expected.json"), "utf8"));
    expect(fromGit.old).toBe("HEAD~1:schema/backend.schema.json");
    expect(fromGit.new).toBe("HEAD:schema/backend.schema.json");
    expect(fromGit.changes).toEqual(fromFiles.changes);
  });

  it("mixes a revision and a working-tree file, and reads ./paths relative to the current folder", async () => {
    await writeFiles(dir, { "schema/backend.schema.json": await readFile(join(MASTER, "old.schema.json"), "utf8") });
    const same = await runInProcess(["diff", "main~1:schema/backend.schema.json", "schema/backend.schema.json", "--format", "json"], {
      cwd: dir,
    });
    expect(JSON.parse(same.stdout).changes).toEqual([]);
    const sub = await runInProcess(["diff", "HEAD~1:./backend.schema.json", "HEAD:./backend.schema.json", "--format", "json"], {
      cwd: join(dir, "schema"),
    });
    expect(sub.stderr).toBe("");
    expect(JSON.parse(sub.stdout).summary).toEqual({ changes: 22, breaking: 13 });
  });

  it("reads every file of a multi-file schema from the revision", async () => {
    const r = await runInProcess(["diff", "HEAD~1:multi/backend.schema.json", "HEAD:multi/backend.schema.json", "--format", "json"], {
      cwd: dir,
    });
    expect(r.stderr).toBe("");
    const changes = JSON.parse(r.stdout).changes as SchemaChange[];
    expect(brief(changes)).toEqual([
      ["File", "mount_id", "field-removed", true],
      ["Process", "pid", "description-changed", false],
      ["attribute", "process.exe.mount_id", "attribute-removed", true],
      ["attribute", "file.mount_id", "attribute-removed", true],
    ]);
  });

  it("a spec that is an existing file is read as a file, even when it looks like a revision", async () => {
    await cp(join(MASTER, "new.schema.json"), join(dir, "HEAD~1:schema/backend.schema.json"));
    const r = await runInProcess(["diff", "HEAD~1:schema/backend.schema.json", "HEAD:schema/backend.schema.json", "--format", "json"], {
      cwd: dir,
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).changes).toEqual([]);
  });

  it("refuses a blob over --max-schema-size as it refuses such a file, exit 2, without reading it from git", async () => {
    // Just over 1 MiB, the smallest limit: a schema whose description makes it big.
    const big = JSON.stringify({ type: "object", description: "x".repeat(1.1 * 1024 * 1024) });
    const half = JSON.stringify({ definitions: { A: { type: "string", description: "y".repeat(600 * 1024) } } });
    await writeFiles(dir, {
      "big/backend.schema.json": big,
      "ref/backend.schema.json": JSON.stringify({ type: "object", properties: { a: { $ref: "defs.json#/definitions/A" } } }),
      "ref/defs.json": JSON.stringify({ definitions: { A: { type: "string", description: "x".repeat(1.1 * 1024 * 1024) } } }),
      "sum/backend.schema.json": JSON.stringify({
        properties: { a: { $ref: "defs.json#/definitions/A" } },
        description: "z".repeat(600 * 1024),
      }),
      "sum/defs.json": half,
    });
    git("add", ".");
    git("commit", "-q", "-m", "big");
    const trace = join(dir, "git-trace.log");
    const diff = async (spec: string, cwd = dir) => {
      await writeFiles(dir, { "git-trace.log": "" });
      const r = await runInProcess(["diff", spec, spec, "--max-schema-size", "1"], { cwd, env: { GIT_TRACE: trace } });
      return { ...r, gitRan: await readFile(trace, "utf8") };
    };
    const limit =
      "cws-docgen reads schemas up to 1 MiB (all their files together)\n  hint: a schema this big is almost certainly generated by mistake";

    // The root file: the message a file on disk gets, under its REV:PATH name; git was asked its size, never its bytes.
    const asFile = await runInProcess(["diff", "backend.schema.json", "backend.schema.json", "--max-schema-size", "1"], {
      cwd: join(dir, "big"),
    });
    const root = await diff("HEAD:big/backend.schema.json");
    expect(root.code).toBe(2);
    expect(asFile.code).toBe(2);
    expect(root.stderr).toBe(asFile.stderr.replace("backend.schema.json", "HEAD:big/backend.schema.json"));
    expect(root.stderr).toMatch(/^cws-docgen: error: HEAD:big\/backend\.schema\.json: the schema is 1\.1 MiB; /);
    expect(root.stderr).toContain(limit);
    expect(root.gitRan).toContain("cat-file -s HEAD:big/backend.schema.json");
    expect(root.gitRan).not.toMatch(/git show|cat-file (blob|-p)/);

    // A file of the revision that a $ref leads to: refused, with the place of the $ref, before it is read.
    const referenced = await diff("HEAD:ref/backend.schema.json");
    expect(referenced.code).toBe(2);
    expect(referenced.stderr).toContain(
      "cws-docgen: error: HEAD:ref/defs.json: the schema is 1.1 MiB; cws-docgen reads schemas up to 1 MiB (all their files together) (referenced from HEAD:ref/backend.schema.json at /properties/a/$ref)",
    );
    expect(referenced.gitRan).toContain("cat-file -s HEAD:ref/defs.json");
    expect(referenced.gitRan).not.toContain("show --no-textconv HEAD:ref/defs.json");

    // Two files under the limit each and over it together: the message of the dereference stage, the second file unread.
    const sum = await diff("HEAD:sum/backend.schema.json");
    expect(sum.code).toBe(2);
    expect(sum.stderr).toMatch(
      /^cws-docgen: error: HEAD:sum\/backend\.schema\.json: the schema and the files it refers to \(2 so far\) add up to 1\.17 MiB; cws-docgen reads schemas up to 1 MiB/,
    );
    expect(sum.gitRan).not.toContain("show --no-textconv HEAD:sum/defs.json");
    for (const r of [root, referenced, sum]) expect(r.stderr).not.toContain("/tmp/");

    // Under a bigger limit, the same revisions are read and compared.
    const ok = await runInProcess(["diff", "HEAD:big/backend.schema.json", "HEAD:sum/backend.schema.json", "--max-schema-size", "2"], {
      cwd: dir,
    });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
  });

  it("exits 2 with a clear message on a bad revision, a missing path, a folder, a broken file in git, or outside a repository", async () => {
    await writeFiles(dir, { "bad.json": "{ nope" });
    git("add", "bad.json");
    git("commit", "-q", "-m", "bad");
    const cases: [string, RegExp][] = [
      [
        "nope:schema/backend.schema.json",
        /^cws-docgen: error: nope:schema\/backend\.schema\.json: no such file, and git cannot read it as a revision: invalid object name 'nope'\.\n {2}hint: give a schema file, or a revision and a path/,
      ],
      [
        "HEAD:schema/missing.json",
        /^cws-docgen: error: HEAD:schema\/missing\.json: no such file, and git cannot read it as a revision: path 'schema\/missing\.json' does not exist in 'HEAD'/,
      ],
      ["HEAD:schema", /^cws-docgen: error: HEAD:schema: this is a folder in git, not a file/],
      ["HEAD:bad.json", /^cws-docgen: error: HEAD:bad\.json:1:3: invalid JSON: unexpected character near "nope"/],
    ];
    for (const [spec, message] of cases) {
      const r = await runInProcess(["diff", spec, "HEAD:schema/backend.schema.json"], { cwd: dir });
      expect(r.code, spec).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("/tmp/");
    }
    const outside = await tempDir();
    try {
      const r = await runInProcess(["diff", "HEAD:schema/backend.schema.json", "HEAD:schema/backend.schema.json"], {
        cwd: outside.dir,
        env: { GIT_CEILING_DIRECTORIES: outside.dir },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no such file, and git cannot read it as a revision: not a git repository/);
    } finally {
      await outside.cleanup();
    }
  });
});
