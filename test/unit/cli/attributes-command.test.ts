/**
 * `cws-docgen attributes`: the attribute paths of a page's schema, in its three formats, on hostile input too;
 * through the command line's `run` in this process (a schema on stdin is the run's input).
 */
import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES, MASTER_SCHEMA, ROOT, corpusSchemaFile, join, runInProcess, tempDir, writeFiles } from "../../helpers.js";

const HOSTILE = join(FIXTURES, "attributes/hostile.schema.json");
/** No raw control character (but the line feed that ends each line and the tab between fields), no bidi control, no lone surrogate. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

describe("text (the default): one tab-separated line per path", () => {
  it("--filter path on the seed lists every path that holds 'path', with its type and description", async () => {
    const r = await runInProcess(["attributes", "--filter", "path"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").slice(0, -1);
    for (const path of [
      "file.path",
      "file.destination.path",
      "process.executable.path",
      "process.parent.executable.path",
      "process.ancestors[].executable.path",
    ])
      expect(lines).toContain(`${path}\tstring\t-\tFile path`);
    expect(lines).toContain("process.ancestors[].path_resolution_error\tstring\t-\tDescription of an error in the path resolution");
    // Every line holds the text, in its dotted path; none is left out.
    for (const line of lines) expect(line.split("\t")[0]!.toLowerCase()).toContain("path");
    const all = (await runInProcess(["attributes"])).stdout.split("\n").slice(0, -1);
    expect(lines).toEqual(all.filter((l) => l.split("\t")[0]!.includes("path")));
  });

  it("the filter ignores case, and matches the dotted path as well as the marked one", async () => {
    const upper = await runInProcess(["attributes", "--filter", "ANCESTORS.Executable"]);
    const marked = await runInProcess(["attributes", "--filter", "ancestors[].executable"]);
    expect(upper.stdout).toContain("process.ancestors[].executable.path\tstring\t-\tFile path\n");
    expect(marked.stdout).toBe(upper.stdout);
  });

  it("no match: no output, exit 0 (the JSON says count 0, the table has its header alone)", async () => {
    const text = await runInProcess(["attributes", "--filter", "no-such-attribute"]);
    expect(text).toEqual({ code: 0, stdout: "", stderr: "" });
    const json = await runInProcess(["attributes", "--filter", "no-such-attribute", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ schema: "backend.schema.json", rootType: "BackendEvent", count: 0, attributes: [] });
    const md = await runInProcess(["attributes", "--filter", "no-such-attribute", "--format", "markdown"]);
    expect(md.stdout).toBe("| path | type | required | description |\n| --- | --- | --- | --- |\n");
  });

  it("marks: required, the branches, recursion; types: unions, arrays of arrays, any", async () => {
    const r = await runInProcess(["attributes", "--schema", HOSTILE]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").slice(0, -1);
    expect(lines).toContain("node\tobject\trequired\tA tree node");
    expect(lines).toContain("node.name\tstring\trequired\tThe node's name");
    expect(lines.find((l) => l.startsWith("node.children[]\t"))).toMatch(
      /^node\.children\[\]\tarray<[a-z]+>\trecursive→Node\tChild nodes$/,
    );
    expect(lines).toContain("choice.left\tstring\tchoice: oneOf[0]\t");
    expect(lines).toContain("choice.right[][]\tarray<array<string>>\tchoice: oneOf[1]\t");
    expect(lines).toContain("anything\tany\t-\t");
  });

  it("hostile names and descriptions stay one line per path, four fields, no raw control character", async () => {
    const r = await runInProcess(["attributes", "--schema", HOSTILE]);
    const lines = r.stdout.split("\n").slice(0, -1);
    const index = JSON.parse((await runInProcess(["attributes", "--schema", HOSTILE, "--format", "json"])).stdout);
    expect(lines.length).toBe(index.count);
    for (const line of lines) {
      expect(line.split("\t")).toHaveLength(4);
      expect(line).not.toMatch(RAW_CONTROL);
    }
    // Names shown escaped; in descriptions, line breaks and tabs are spaces and the rest is escaped.
    expect(lines[0]).toBe("line\\u000abreak\tstring\trequired\tfirst line second line third column");
    expect(lines[1]).toBe("tab\\u0009here\tstring|null\t-\tan \\u001b[31mANSI red\\u001b[0m escape");
    expect(lines[2]).toBe("bidi\\u202eevil\tinteger\t-\tTrojan \\u2066source\\u2069 and \\u2028 separator, NEL \\u0085, DEL \\u007f");
    expect(lines[3]).toBe("surrogate\tstring\t-\tlone \\ud800 half");
  });
});

describe("literal names and branch levels: no two paths print alike", () => {
  it("a name with a dot, a bracket, a star, a quote or a backslash prints quoted; a branch names the value it applies to; the JSON matches attributes.schema.json", async () => {
    await writeFiles(dir, {
      "s.json": JSON.stringify({
        type: "object",
        properties: {
          process: {
            type: "object",
            properties: {
              user: { type: "string" },
              "a.b": { type: "string" },
              "*": { type: "string" },
              "args[]": { type: "array", items: { type: "string" } },
              'q"\\': { type: "string" },
              "": { type: "string" },
            },
            additionalProperties: { type: "integer" },
          },
          "process.user": { type: "string" },
        },
        // One label, `dependentSchemas["x"]`, at the root and at `*`: the same path through each.
        patternProperties: { "^q": { dependentSchemas: { x: { unevaluatedProperties: {} } } } },
        dependentSchemas: { x: { patternProperties: { "^q": { unevaluatedProperties: true } } } },
      }),
    });
    const text = await runInProcess(["attributes", "--schema", "s.json"], { cwd: dir });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n").map((l) => l.split("\t").slice(0, 3).join(" "))).toEqual([
      "process object -",
      "process.user string -",
      'process."a.b" string -',
      'process."*" string -',
      'process."args[]"[] array<string> -',
      'process."q\\"\\\\" string -',
      'process."" string -',
      "process.* integer -",
      '"process.user" string -',
      "* any -",
      '*.* any *: dependentSchemas["x"]',
      '* any dependentSchemas["x"]',
      '*.* any dependentSchemas["x"]',
      "",
    ]);
    const json = await runInProcess(["attributes", "--schema", "s.json", "--format", "json"], { cwd: dir });
    const doc = JSON.parse(json.stdout);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(
      JSON.parse(await readFile(join(ROOT, "attributes.schema.json"), "utf8")),
    );
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const printed = doc.attributes.map((a: { marked: string; branches?: string[] }) => JSON.stringify([a.marked, a.branches ?? []]));
    expect(new Set(printed).size).toBe(doc.count);
    // A filter finds a literal name quoted, or as a log search writes it.
    for (const filter of ['"a.b"', "process.a.b"]) {
      const found = await runInProcess(["attributes", "--schema", "s.json", "--filter", filter], { cwd: dir });
      expect(found.stdout, filter).toBe('process."a.b"\tstring\t-\t\n');
    }
  });
});

describe("json: the attributes file's text", () => {
  it("unfiltered, it is generated/backend.attributes.json byte for byte", async () => {
    const r = await runInProcess(["attributes", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(join(ROOT, "generated/backend.attributes.json"), "utf8"));
  });

  it("filtered, it keeps the file's form with the matching attributes, and count says how many", async () => {
    const full = JSON.parse(await readFile(join(ROOT, "generated/backend.attributes.json"), "utf8"));
    const r = await runInProcess(["attributes", "--format", "json", "--filter", "executable.path"]);
    const doc = JSON.parse(r.stdout);
    const want = full.attributes.filter((a: { path: string }) => a.path.includes("executable.path"));
    expect(doc).toEqual({ ...full, count: want.length, attributes: want });
    expect(doc.count).toBe(6);
    // One attribute a line, as in the file.
    expect(r.stdout.split("\n").filter((l) => l.startsWith('    {"path":'))).toHaveLength(6);
  });
});

describe("markdown: a GFM table", () => {
  it("path, type, required, description; each cell escaped as on the page", async () => {
    const r = await runInProcess(["attributes", "--schema", HOSTILE, "--format", "markdown"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").slice(0, -1);
    expect(lines.slice(0, 2)).toEqual(["| path | type | required | description |", "| --- | --- | --- | --- |"]);
    expect(lines).toContain("| `node.name` | `string` | yes | The node's name |");
    expect(lines).toContain("| `tab here` | `string`\\|`null` | no | an \\[31mANSI red\\[0m escape |");
    // A pipe in a name or a description cannot open a cell; no tag, no shortcode, no control character.
    expect(lines).toContain(
      "| `pipe`\\|`name` | `string` | no | a \\| pipe, &lt;b&gt;html&lt;/b&gt;, \\`code\\` and &#123;{&lt; shortcode &gt;}} |",
    );
    expect(lines).toContain("| `choice.right[][]` | `array<array<string>>` | no |   |");
    for (const line of lines) {
      expect(line.replace(/\\\|/g, "").split("|")).toHaveLength(6);
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });
});

describe("which schema: the config's page, --page, --schema, stdin", () => {
  it("--schema alone needs no config; - reads stdin", async () => {
    const schema = await readFile(corpusSchemaFile("backend.schema.7876acf46c"), "utf8");
    await writeFiles(dir, { "s.json": schema });
    const fromFile = await runInProcess(["attributes", "--schema", "s.json", "--filter", "ancestors[].executable.path"], { cwd: dir });
    expect(fromFile.stderr).toBe("");
    expect(fromFile.stdout).toContain("process.ancestors[].executable.path\tstring\t-\tFile path\n");
    const fromStdin = await runInProcess(["attributes", "--schema", "-", "--filter", "ancestors[].executable.path"], {
      cwd: dir,
      input: schema,
    });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const json = await runInProcess(["attributes", "--schema", "-", "--format", "json"], { cwd: dir, input: schema });
    expect(JSON.parse(json.stdout).schema).toBe("<stdin>");
  });

  it("a config with several pages: --page picks one; without it, one clear line naming the pages (exit 2)", async () => {
    await writeFiles(dir, {
      "a.json": JSON.stringify({ type: "object", properties: { alpha: { type: "string", description: "A" } } }),
      "b.json": JSON.stringify({ type: "object", properties: { beta: { type: "integer", description: "B" } } }),
      "cws-docgen.config.json": JSON.stringify({
        pages: [
          { name: "one", schema: "a.json", docs: "a.md", types: "a.ts" },
          { name: "two", schema: "b.json", docs: "b.md", types: "b.ts" },
        ],
      }),
    });
    const two = await runInProcess(["attributes", "--page", "two"], { cwd: dir });
    expect(two).toEqual({ code: 0, stdout: "beta\tinteger\t-\tB\n", stderr: "" });
    const none = await runInProcess(["attributes"], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toBe(
      "cws-docgen: error: cws-docgen.config.json: attributes lists the paths of one page's schema, and the config has several\n  hint: choose one with --page NAME (the pages are: one, two)\n",
    );
    const schemaOnly = await runInProcess(["attributes", "--schema", "a.json"], { cwd: dir });
    expect(schemaOnly.code).toBe(2);
    expect(schemaOnly.stderr).toMatch(
      /^cws-docgen: error: cws-docgen\.config\.json: --schema, .* apply to one page, and the config has several\n/,
    );
  });
});

describe("errors: one message, exit 2, no stack trace", () => {
  it("a missing or broken schema, a bad flag, too many paths", async () => {
    // Each level doubles the paths: 2^17 paths at the bottom alone, past the 100,000 the stage lists.
    const levels = 17;
    const definitions: Record<string, object> = {};
    for (let i = 0; i < levels; i++) {
      const next = i === levels - 1 ? { type: "string" } : { $ref: `#/definitions/L${i + 1}` };
      definitions[`L${i}`] = { type: "object", properties: { a: next, b: next } };
    }
    await writeFiles(dir, {
      "broken.json": '{\n  "type": "object",\n  "properties": {\n}',
      "wide.json": JSON.stringify({ type: "object", properties: { root: { $ref: "#/definitions/L0" } }, definitions }),
    });
    const cases: [string[], RegExp][] = [
      [["attributes", "--schema", "missing.json"], /^cws-docgen: error: missing\.json: cannot read the schema: no such file\n/],
      [["attributes", "--schema", "broken.json"], /^cws-docgen: error: broken\.json:4:2: invalid JSON: a closing \} was expected/],
      [
        ["attributes", "--format", "yaml"],
        /^cws-docgen: error: option '--format <format>' argument 'yaml' is invalid\. Allowed choices are text, json, markdown\.\n {2}hint: run `cws-docgen attributes --help` for usage\n$/,
      ],
      [["attributes", "--filtre", "x"], /^cws-docgen: error: unknown option '--filtre'\n {2}hint: did you mean --filter\?/],
      [
        ["attributes", "--schema", "wide.json"],
        /^cws-docgen: error: wide\.json: the schema gives more than 100,000 attribute paths \(definitions shared along long chains multiply them\)\n {2}hint: /,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runInProcess(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    }
  });

  it("--schema without a config in a folder with none, and no --schema: says what to pass", async () => {
    const r = await runInProcess(["attributes"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: cws-docgen\.config\.json: no config file in .* and no --schema given\n/);
  });
});

describe("--help", () => {
  it("names the formats, the filter and the exit codes", async () => {
    const r = await runInProcess(["attributes", "--help"]);
    expect(r.code).toBe(0);
    for (const text of [
      "--filter <text>",
      "--format <format>",
      "--page <name>",
      "--schema <file>",
      "Exit codes:",
      "cws-docgen attributes --filter path",
    ])
      expect(r.stdout).toContain(text);
  });
});

it("the seed schema is the config's page (the default)", async () => {
  const viaConfig = await runInProcess(["attributes"]);
  const viaSchema = await runInProcess(["attributes", "--schema", MASTER_SCHEMA]);
  expect(viaConfig.stdout).toBe(viaSchema.stdout);
  expect(viaConfig.stdout.split("\n").length - 1).toBe(241);
});
