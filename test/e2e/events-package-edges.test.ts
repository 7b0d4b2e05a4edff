/**
 * The events package at its edges: package names and folders the config may not give, the package.json
 * fields it may, a folder that holds only the generator's files, hostile text in every file, and types
 * named as the package's own exports. The command line runs in this process, as does the package's
 * validator; npm installs the package (and a control beside it, in the same run), and tsc checks an app that uses it.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVISIBLE } from "../../scripts/core/invisible.js";
import { cp, join, type RunResult, runCommand as run, runInProcess, runTsc, tempDir, writeFiles } from "../helpers.js";

/**
 * A small schema whose definitions are named as the package's own exports (rootType `Event`:
 * `isEvent`, `validateEvent`, `schema`, `ValidationError`, `ValidationResult`), with bidirectional
 * controls and line separators in its text and values.
 */
const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  description: "an event \u202e with a right-to-left override \u2028 and a line separator",
  additionalProperties: false,
  properties: {
    "k\u202ey": { type: "string", enum: ["a\u202eb", "c\u2028d"] },
    error: { $ref: "#/definitions/ValidationError" },
  },
  definitions: {
    ValidationError: { type: "object", properties: { code: { type: "number" } }, required: ["code"] },
    ValidationResult: { type: "null" },
    schema: { type: "string" },
    isEvent: { type: "boolean" },
    validateEvent: { type: "number" },
  },
};

/** A title from the config with raw HTML, a link, an autolink, a shortcode, a bidirectional control and a line break. */
const TITLE = "<img src=x onerror=alert(1)> [home](http://evil.example) https://evil.example {{< x >}} \u202e reversed\nnext";
/** A schema file name with a line break and a bidirectional control. */
const SCHEMA_FILE = "a\nb\u202e.schema.json";
const NAME = "edge-events";

let dir: string;
let cleanup: () => Promise<void>;

/** A project in `dir/name`: the schema and a config with one page whose `package` is `pkg` (merged over a default). */
async function project(
  name: string,
  pkg: Record<string, unknown> = {},
  page: Record<string, unknown> = {},
  configDir = ".",
): Promise<{ root: string; cwd: string }> {
  const root = join(dir, name);
  const cwd = join(root, configDir);
  const schemaPath = configDir === "." ? `schema/${SCHEMA_FILE}` : `../schema/${SCHEMA_FILE}`;
  await writeFiles(root, { [`schema/${SCHEMA_FILE}`]: JSON.stringify(SCHEMA, null, 2) });
  await writeFiles(cwd, {
    "cws-docgen.config.json": JSON.stringify({
      pages: [
        {
          name: "edge",
          schema: schemaPath,
          docs: "docs/edge.md",
          types: "generated/edge.ts",
          rootType: "Event",
          title: TITLE,
          package: { dir: "generated/events", name: NAME, version: "1.0.0", ...pkg },
          ...page,
        },
      ],
    }),
  });
  return { root, cwd };
}

/** The error lines of a run (each problem is one; a hint is the indented line after it). */
function errorLines(r: RunResult): string[] {
  return r.stderr.split("\n").filter((l) => l.startsWith("cws-docgen: "));
}

let main: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("cws-docgen-events-edges-"));
  ({ root: main } = await project("main"));
  const r = await runInProcess(["generate", "--no-cache"], { cwd: main });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});

afterAll(async () => {
  await cleanup();
});

describe("package names and folders are config errors when npm, Node or the project would suffer", () => {
  it.each([
    ["node_modules", "npm takes no package of that name"],
    ["favicon.ico", "npm takes no package of that name"],
    ["-x", "npm's command line reads an option"],
    ["Edge-Events", "capital letters (the config's shape)"],
    ["a".repeat(215), "longer than 214 characters (the config's shape)"],
    ["events", "Node's core module"],
    ["fs", "Node's core module"],
    ["punycode", "Node's core module, deprecated"],
    ["node:fs", "Node's core module, by its node: name"],
  ])("refuses the name %j (%s): exit 2 at /pages/0/package/name, nothing written", async (name) => {
    const { root } = await project(`name-${Buffer.from(name).toString("hex").slice(0, 40)}`, { name });
    const r = await runInProcess(["generate", "--no-cache"], { cwd: root });
    expect(r.code, r.stderr).toBe(2);
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(/^cws-docgen: error: cws-docgen\.config\.json:1:\d+ at \/pages\/0\/package\/name: config/);
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(existsSync(join(root, "docs"))).toBe(false);
    expect(existsSync(join(root, "generated"))).toBe(false);
  });

  it("takes a scoped name", async () => {
    const { root } = await project("scoped", { name: "@edge/events" });
    const r = await runInProcess(["check", "--no-cache"], { cwd: root });
    // Nothing generated yet: every output is missing (exit 1), and the config is fine.
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/error/);
  });

  it.each([
    [".", ".", /the package folder "\." is the config's folder/],
    ["..", "config", /the package folder "\.\." is the project's root \(.*package\.json\)/],
    ["../..", "config", /the package folder "\.\.\/\.\." holds the config's folder/],
  ])(
    "refuses the package folder %j (config in %j): exit 2 at /pages/0/package/dir, the project's files untouched",
    async (pkgDir, configDir, message) => {
      const { root, cwd } = await project(`dir-${configDir}-${pkgDir.replace(/\W/g, "")}`, { dir: pkgDir }, {}, configDir);
      await writeFile(join(root, "package.json"), '{ "name": "the-project", "private": true }\n');
      await writeFile(join(root, "README.md"), "# The project\n");
      const r = await runInProcess(["generate", "--no-cache"], { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(errorLines(r)).toHaveLength(1);
      expect(errorLines(r)[0]).toMatch(/ at \/pages\/0\/package\/dir: config: /);
      expect(errorLines(r)[0]).toMatch(message);
      expect(await readFile(join(root, "package.json"), "utf8")).toBe('{ "name": "the-project", "private": true }\n');
      expect(await readFile(join(root, "README.md"), "utf8")).toBe("# The project\n");
    },
  );
});

describe("the package.json fields the config gives", () => {
  it.each([
    ["license", "MIT\nOR x"],
    ["license", 'MIT", "scripts": {"install": "x"}'],
    ["repository", "javascript:alert(1)"],
    ["repository", "https://example.com/a)[b](https://evil.example"],
    ["repository", "https://example.com/a b"],
    ["description", "one\u2028two"],
    ["keywords", ["ok", "bad\u0007"]],
    ["engines", { node: 20 }],
    ["engines", { 'node", "x': ">=20" }],
    ["publishConfig", { registry: "http://registry.example" }],
    ["publishConfig", { access: "public", scripts: { install: "x" } }],
  ])("refuses the %s %j: exit 2 at its pointer, said in words, nothing written", async (field, value) => {
    const { root } = await project(`field-${field}-${Buffer.from(JSON.stringify(value)).toString("hex").slice(0, 30)}`, { [field]: value });
    const r = await runInProcess(["generate", "--no-cache"], { cwd: root });
    expect(r.code, r.stderr).toBe(2);
    expect(errorLines(r)[0]).toMatch(new RegExp(` at /pages/0/package/${field}(/|:)`));
    // In words, quoting the value as printable text, never as the pattern.
    expect(r.stderr).not.toMatch(/must match pattern|[\u0007\u2028\n](?! {2}hint|$)/);
    expect(existsSync(join(root, "generated"))).toBe(false);
  });

  it("writes them as JSON values, engines defaulting to require(esm)'s Node versions; the README links only to an http(s) repository", async () => {
    const fields = {
      description: 'Events "quoted" \u202e reversed',
      keywords: ["cws", "events"],
      license: "(MIT OR Apache-2.0)",
      repository: "git+https://example.com/team/events.git",
      publishConfig: { access: "public", registry: "https://registry.example/", tag: "next", provenance: true },
    };
    const { root } = await project("fields", fields);
    expect((await runInProcess(["generate", "--no-cache"], { cwd: root })).code).toBe(0);
    const pkg = JSON.parse(await readFile(join(root, "generated/events/package.json"), "utf8"));
    expect(pkg).toMatchObject({
      ...fields,
      repository: { type: "git", url: fields.repository },
      engines: { node: "^20.19.0 || >=22.12.0" },
    });
    expect(pkg.scripts).toBeUndefined();
    const readme = await readFile(join(root, "generated/events/README.md"), "utf8");
    // A link is `](` unescaped (the title's `\[home\](…)` is text).
    const links = (text: string) => [...text.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    expect(links(readme)).toEqual(["https://example.com/team/events.git"]);

    // An ssh repository and engines of the config's own: no link at all.
    const other = await project("fields-ssh", { repository: "ssh://git@example.com/team/events.git", engines: { node: ">=22" } });
    expect((await runInProcess(["generate", "--no-cache"], { cwd: other.root })).code).toBe(0);
    const otherPkg = JSON.parse(await readFile(join(other.root, "generated/events/package.json"), "utf8"));
    expect(otherPkg.engines).toEqual({ node: ">=22" });
    expect(links(await readFile(join(other.root, "generated/events/README.md"), "utf8"))).toEqual([]);
  });
});

describe("the package folder holds only what the generator writes", () => {
  it("check and generate refuse a file or folder planted in it (exit 2, naming it), and generate writes nothing", async () => {
    const { root } = await project("owned");
    const folder = join(root, "generated/events");
    expect((await runInProcess(["generate", "--no-cache"], { cwd: root })).code).toBe(0);
    const readme = await readFile(join(folder, "README.md"), "utf8");
    await writeFile(join(folder, "binding.gyp"), "{ 'targets': [] }\n");
    await writeFile(join(folder, ".npmrc"), "ignore-scripts=false\n");
    await mkdir(join(folder, "node_modules"));
    // A title that changes the README: a run that wrote anything would write it.
    const configFile = join(root, "cws-docgen.config.json");
    await writeFile(configFile, (await readFile(configFile, "utf8")).replace("reversed", "turned"));
    for (const command of ["check", "generate"]) {
      const r = await runInProcess([command, "--no-cache"], { cwd: root });
      expect(r.code, `${command}: ${r.stderr}`).toBe(2);
      expect(errorLines(r)).toEqual([
        'cws-docgen: error: generated/events: the events package\'s folder holds ".npmrc", "binding.gyp", "node_modules", which cws-docgen does not write: npm would install them with the package, and no check covers them',
      ]);
      expect(r.stderr).toMatch(/hint: remove them, or choose another "package" "dir" in the config/);
    }
    expect(await readFile(join(folder, "README.md"), "utf8")).toBe(readme);
    expect(existsSync(join(root, "docs/edge.md"))).toBe(true);
    // A temporary file a killed run left beside one of the package's files is the write stage's to remove, not foreign.
    await writeFile(join(folder, ".index.js.tmp-999999999-0"), "");
    for (const name of ["binding.gyp", ".npmrc", "node_modules"]) await rm(join(folder, name), { recursive: true });
    const again = await runInProcess(["generate", "--no-cache"], { cwd: root });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect((await readdir(folder)).sort()).toEqual([
      "README.md",
      "index.d.ts",
      "index.js",
      "package.json",
      "schema.json",
      "types.d.ts",
      "validation.d.ts",
      "validation.js",
      "validator.d.ts",
      "validator.js",
    ]);
  });

  it("npm install of the folder (install scripts allowed) runs no node-gyp for a planted binding.gyp, which check refuses first", async () => {
    const { root } = await project("installed");
    const folder = join(root, "generated/events");
    expect((await runInProcess(["generate", "--no-cache"], { cwd: root })).code).toBe(0);
    const pkg = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
    expect(pkg.gypfile).toBe(false);
    expect(pkg.scripts).toBeUndefined();
    // binding.gyp runs a command when node-gyp configures it: it leaves a mark.
    const gyp = (mark: string) => `{ 'targets': [{ 'target_name': 'x', 'variables': { 'm': '<!(touch "${mark}")' } }] }\n`;
    const mark = join(dir, "installed-gyp-ran");
    await writeFile(join(folder, "binding.gyp"), gyp(mark));
    const checked = await runInProcess(["check", "--no-cache"], { cwd: root });
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/holds "binding\.gyp", which cws-docgen does not write/);
    // Without "gypfile": false the same folder would have npm run node-gyp: the control, installed by the same npm
    // run, as an optional dependency (a node-gyp that cannot build here fails its install, not the run).
    const control = join(dir, "control");
    await cp(folder, control, { recursive: true });
    const controlMark = join(dir, "control-gyp-ran");
    await writeFile(join(control, "binding.gyp"), gyp(controlMark));
    await writeFile(join(control, "package.json"), JSON.stringify({ ...pkg, name: "control-events", gypfile: undefined }, null, 2));
    const app = join(dir, "installed-app");
    await writeFiles(app, {
      "package.json": JSON.stringify({
        name: "app",
        private: true,
        type: "module",
        dependencies: { [NAME]: `file:${folder}` },
        optionalDependencies: { "control-events": `file:${control}` },
      }),
    });
    const installed = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts", "--loglevel=info"], app);
    const said = `${installed.stdout}${installed.stderr}`;
    expect(installed.code, said).toBe(0);
    expect(existsSync(join(app, "node_modules", NAME, "index.js"))).toBe(true);
    // No script of the package ran, and node-gyp ran once: the control's.
    expect(said).not.toMatch(new RegExp(`${NAME}@1\\.0\\.0 (pre|post)?install`));
    expect(said.match(/gyp info it worked/g), said).toHaveLength(1);
    expect(existsSync(mark)).toBe(false);
    expect(existsSync(controlMark) || /node-gyp rebuild/.test(said), said).toBe(true);
  });
});

describe("the package's files carry the schema's and the config's text escaped", () => {
  it("a line break and controls in the schema's file name and the title: generate succeeds, the README quotes them as text", async () => {
    const readme = await readFile(join(main, "generated/events/README.md"), "utf8");
    const line = readme.split("\n")[2]!;
    expect(line).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(line).toContain("\\[home\\](http&#58;//evil.example)");
    expect(line).toContain("https&#58;//evil.example");
    expect(line).toContain("&#123;{&lt; x &gt;}}");
    expect(line).toContain("from `a b.schema.json`.");
    expect(readme).not.toMatch(/<img|\]\(http:|https:\/\/evil|\{\{</);
    expect(readme.split("\n").filter((l) => l.includes("reversed"))).toHaveLength(1);
  });

  it("no file of the package holds a raw invisible character; schema.json means the schema", async () => {
    const folder = join(main, "generated/events");
    for (const name of await readdir(folder)) {
      const text = await readFile(join(folder, name), "utf8");
      expect(text.match(new RegExp(INVISIBLE.source, "g")), name).toBeNull();
    }
    const schemaJson = await readFile(join(folder, "schema.json"), "utf8");
    expect(schemaJson).toContain('"k\\u202ey"');
    expect(JSON.parse(schemaJson)).toEqual(SCHEMA);
    expect(await readFile(join(folder, "validator.d.ts"), "utf8")).toContain("\\u2028");
  });

  it("a validation message quotes the event's keys and strings escaped, on one line", async () => {
    const { validateEvent } = (await import(/* @vite-ignore */ pathToFileURL(join(main, "generated/events/index.js")).href)) as {
      validateEvent: (value: unknown) => { errors: { pointer: string; message: string }[] };
    };
    const result = validateEvent({ "a\nb": 1, "k\u202ey": "z\u202e\r\nforged log line" });
    // As an app gets them: plain data, the same once through JSON.
    const errors = JSON.parse(JSON.stringify(result.errors)) as { pointer: string; message: string }[];
    expect(errors).toEqual([
      { pointer: "/a\nb", message: 'unknown property "a\\nb": the schema allows no other properties here' },
      { pointer: "/k\u202ey", message: 'must be one of "a\\u202eb", "c\\u2028d", got the string "z\\u202e\\r\\nforged log line"' },
    ]);
    for (const e of errors) expect(e.message).not.toMatch(new RegExp(`[\\n\\r]|${INVISIBLE.source}`));
  });
});

describe("types named as the package's own exports", () => {
  it("keep their names beside the package's values and types: an app using both compiles with tsc", async () => {
    const app = join(dir, "tsc-app");
    await mkdir(join(app, "node_modules"), { recursive: true });
    await symlink(join(main, "generated/events"), join(app, "node_modules", NAME), "dir");
    await writeFiles(app, {
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "app.ts": [
        `import { isEvent, schema, validateEvent, type Event, type ValidationError, type ValidationResult } from "${NAME}";`,
        `import type { isEvent as IsEventType, schema as SchemaType, validateEvent as ValidateEventType } from "${NAME}";`,
        "",
        "// The schema's types, by their own names.",
        "export const error: ValidationError = { code: 1 };",
        "export const result: ValidationResult = null;",
        'export const name: SchemaType = "x";',
        "export const flag: IsEventType = true;",
        "export const count: ValidateEventType = 2;",
        "// @ts-expect-error the schema's ValidationError has a numeric code, not the package's pointer and message",
        'export const wrong: ValidationError = { code: "1", pointer: "", message: "" };',
        "",
        "// The package's values, as documented.",
        "export const event: Event = { error };",
        "const checked = validateEvent(event);",
        "export const pointers: string[] = checked.valid ? [] : checked.errors.map((e) => e.pointer);",
        "export const guarded: boolean = isEvent(event);",
        'export const draft: "http://json-schema.org/draft-07/schema#" = schema.$schema;',
        "",
      ].join("\n"),
    });
    // The package's declarations are checked too (skipLibCheck off): a clash there is an error.
    const r = await runTsc(app, ["app.ts"], { skipLibCheck: false });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
