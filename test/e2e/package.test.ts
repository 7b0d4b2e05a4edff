/**
 * The packed package (npm pack, then a real install in a fresh folder): its files, its CLI and its API
 * from the install, and the types it ships checked by tsc: its consumers compiled by one tsc build (in
 * this process) and run, with its installed command line, by one Node process.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MUTATIONS, events } from "../event-cases.js";
import {
  ROOT,
  SEED_PAGE,
  commonJsApp,
  fromSchemaJson,
  join,
  runCommand as run,
  tempDir,
  writeFiles,
  SUMMARY_SOURCE,
  RESOLUTIONS,
  compileAndRunConsumers,
  type ConsumersRun,
} from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
let packed: { filename: string; files: { path: string }[] };
let consumer: string;
const seconds: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    seconds[step] = Math.round(performance.now() - start) / 1000;
  }
}

/** A CommonJS app of the package: require()s cws-docgen and cws-docgen/events. */
const CJS_APP = commonJsApp({
  "app.ts": [
    'import events = require("cws-docgen/events");',
    'import docgen = require("cws-docgen");',
    'import type { BackendEvent } from "cws-docgen/events";',
    "declare const console: { log(...args: unknown[]): void };",
    'const event: BackendEvent = { evt: { name: "open" } };',
    "console.log(JSON.stringify({ valid: events.validateBackendEvent(event).valid, guard: events.isBackendEvent([]), generate: typeof docgen.generate }));",
    "",
  ].join("\n"),
});

/**
 * A TypeScript consumer (an ES module) of the package: every generated type, the validator and the guard on
 * every input, and the API (generate, check, the attribute index) writing under out/RESOLUTION.
 */
async function esmConsumer(resolution: (typeof RESOLUTIONS)[number]): Promise<string> {
  const generatedTypes = await readFile(join(ROOT, "generated/backend-event.ts"), "utf8");
  const typeNames = [...generatedTypes.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  const inputs: Record<string, unknown> = { ...events, ...Object.fromEntries(MUTATIONS.map((m) => [`mutation: ${m.name}`, m.event])) };
  return [
    `import type { ${typeNames.join(", ")}, ValidationError, ValidationResult } from "cws-docgen/events";`,
    'import { isBackendEvent, schema, validateBackendEvent } from "cws-docgen/events";',
    'import { DocgenError, check, generate, pageAttributes, type Attribute, type CheckResult, type Overrides } from "cws-docgen";',
    "",
    "declare const console: { log(...args: unknown[]): void };",
    "",
    "// Every generated type is exported.",
    `export type All = [${typeNames.join(", ")}];`,
    "",
    'export const typed: BackendEvent = { evt: { name: "open" }, file: { path: "/etc/shadow", uid: 0, gid: 42 }, process: { uid: 0, gid: 0, ancestors: [{ uid: 0, gid: 0 }] } };',
    "// @ts-expect-error uid is a number",
    'export const wrong: FileEvent = { uid: "0", gid: 0 };',
    "",
    ...SUMMARY_SOURCE,
    "",
    `const inputs: Record<string, unknown> = ${JSON.stringify(inputs)};`,
    `const overrides: Overrides = { schema: "node_modules/cws-docgen/schema/backend.schema.json", docsOut: "out/${resolution}/backend.md", typesOut: "out/${resolution}/backend-event.ts" };`,
    "const generated = await generate(overrides);",
    "const checked: CheckResult = await check(overrides);",
    'const found = await pageAttributes({ schema: "node_modules/cws-docgen/schema/backend.schema.json" });',
    'const paths: Attribute[] = found.index.attributes.filter((a) => a.marked.includes("ancestors[].executable.path"));',
    'let error = "";',
    "try {",
    '  await generate({ schema: "missing.json" });',
    "} catch (err) {",
    "  if (err instanceof DocgenError) error = err.problems[0]!.message;",
    "}",
    "console.log(JSON.stringify({",
    "  results: Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, summary(value)])),",
    "  draft: schema.$schema,",
    '  written: generated.written.map((w) => w.file.split("/").slice(-3).join("/")),',
    "  stale: checked.stale.length,",
    "  paths: paths.map((a) => a.path),",
    "  error,",
    "}));",
    "",
  ].join("\n");
}

/**
 * A plain ES module beside the consumers, run by the same Node process: the root's exports as Node
 * imports them, and the installed command line: npm's link to it, its first line, its mode, and
 * what it prints and the exit code it sets when run (imported, as node runs it) with `--version`.
 */
const INSTALLED_SOURCE = `
import { readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
const api = await import("cws-docgen");
const link = "node_modules/.bin/cws-docgen";
const bin = realpathSync(link);
let printed = "";
const write = process.stdout.write;
const argv = process.argv;
process.stdout.write = (chunk) => ((printed += chunk), true);
process.argv = [process.execPath, link, "--version"];
try {
  await import(pathToFileURL(bin).href);
} finally {
  process.stdout.write = write;
  process.argv = argv;
}
const code = process.exitCode;
process.exitCode = undefined;
console.log(JSON.stringify({
  exports: Object.keys(api).sort(),
  link: readlinkSync(link),
  firstLine: readFileSync(bin, "utf8").split("\\n")[0],
  executable: (statSync(bin).mode & 0o111) === 0o111,
  printed,
  code,
}));
`;

let compiled: Promise<ConsumersRun> | undefined;

/** The consumers of the installed package, compiled and run once, for the tests that read them. */
function consumers(): Promise<ConsumersRun> {
  compiled ??= (async () => {
    await writeFiles(consumer, { "installed.mjs": INSTALLED_SOURCE });
    return compileAndRunConsumers(consumer, CJS_APP, esmConsumer, {
      timed,
      more: [{ name: "installed", file: "installed.mjs", load: "import" }],
    });
  })();
  return compiled;
}

/** What the consumer `name` printed, parsed; the run wrote nothing to stderr, and the consumer threw nothing. */
function ranConsumer(node: ConsumersRun["node"], name: string) {
  expect(node, "the consumers ran: tsc compiled them").toBeDefined();
  expect(node!.run.stderr).toBe("");
  expect(node!.run.code).toBe(0);
  expect(node!.errors[name]).toBeUndefined();
  return JSON.parse(node!.printed[name]!);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("cws-docgen-pack-"));
  // `prepack` builds dist/ and its declarations (dist/index.d.ts, dist/events.d.ts) before packing, as it does before a publish.
  const pack = await timed("npm pack", () => run("npm", ["pack", "--json", "--pack-destination", dir], ROOT));
  expect(pack.code, pack.stderr).toBe(0);
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  consumer = join(dir, "consumer");
  await writeFiles(consumer, {
    "package.json": JSON.stringify(
      { name: "consumer", private: true, type: "module", dependencies: { "cws-docgen": `file:${join(dir, packed.filename)}` } },
      null,
      2,
    ),
  });
  // The project's runtime dependencies come from the npm cache; nothing needs a script.
  const install = await timed("npm install", () =>
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error"], consumer),
  );
  expect(install.code, install.stderr).toBe(0);
});

afterAll(async () => {
  await cleanup();
  console.log(
    `packaging test: ${Object.entries(seconds)
      .map(([k, v]) => `${k} ${v} s`)
      .join(", ")}`,
  );
});

describe("the packed package", () => {
  it("ships dist, generated, templates, schema and README, and nothing of the tests", () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of [
      "README.md",
      "LICENSE",
      "package.json",
      "dist/index.js",
      "dist/cli.js",
      "dist/events.js",
      "dist/lint-worker.js",
      "dist/verify-worker.js",
      "dist/index.d.ts",
      "dist/events.d.ts",
      "generated/backend-event.ts",
      "generated/backend-event.validator.ts",
      "templates/backend.md.hbs",
      "templates/partials/field-table.hbs",
      "schema/backend.schema.json",
    ]) {
      expect(files).toContain(f);
    }
    expect(
      files.filter(
        (f) =>
          !/^(dist|generated|templates|schema)\/|^(README\.md|LICENSE|package\.json|config\.schema\.json|attributes\.schema\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(files).toContain("config.schema.json");
    expect(files).toContain("attributes.schema.json");
    // The events package is its own package (generated/events), not part of this one.
    expect(files.filter((f) => f.startsWith("generated/events/"))).toEqual([]);
    expect(files.filter((f) => /bench|tsbuildinfo|build-stamp|^test\/|\/dev\//.test(f))).toEqual([]);
    // The bundle: entries and their chunks at the top of dist/, its hash (the build cache's key), and one declaration file
    // per entry with types (rolled up: none of the modules behind them), nothing else.
    expect(files).toContain("dist/generator.json");
    expect(files.filter((f) => f.startsWith("dist/") && !/^dist\/([\w.-]+\.js|generator\.json)$/.test(f))).toEqual([
      "dist/events.d.ts",
      "dist/index.d.ts",
    ]);
  });

  it("the root exports the documented API, in its JavaScript and in its one declaration file", async () => {
    const values = ["DocgenError", "buildPage", "check", "createValidator", "generate", "pageAttributes", "resolvePages"];
    expect(ranConsumer((await consumers()).node, "installed").exports).toEqual(values);
    const declarations = await readFile(join(consumer, "node_modules/cws-docgen/dist/index.d.ts"), "utf8");
    // Its exports: declared with `export`, no other module's (the file imports nothing).
    const exported = [...declarations.matchAll(/^export (?:declare )?(?:function|class|const|interface|type) (\w+)/gm)].map((m) => m[1]!);
    expect(exported.filter((name) => values.includes(name)).sort()).toEqual(values);
    expect(exported.filter((name) => !values.includes(name)).sort()).toEqual([
      "AjvErrorLike",
      "Attribute",
      "AttributeIndex",
      "AttributesOptions",
      "BuildOptions",
      "BuiltPage",
      "CheckResult",
      "GenerateResult",
      "GeneratedValidate",
      "Output",
      "OutputStatus",
      "Overrides",
      "PageAttributes",
      "PageConfig",
      "PageModel",
      "Place",
      "Problem",
      "Segment",
      "Stage",
      "StaleOutput",
      "Timings",
      "ValidationError",
      "ValidationResult",
      "Validator",
      "WriteResult",
    ]);
    expect(declarations).not.toMatch(/^import |from "\./m);
  });

  it("its types resolve for TypeScript's node16 resolution, from ES modules and from CommonJS, and for bundlers (arethetypeswrong on the packed file)", async () => {
    // What `npm run lint:package` (attw --pack . --profile node16 --ignore-rules cjs-resolves-to-esm) fails on, read from the
    // same tarball: node10 resolution ignores `exports`, and a CommonJS require() of the ES modules is what Node >= 20.19 does.
    const { checkPackage, createPackageFromTarballData } = await import("@arethetypeswrong/core");
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(await readFile(join(dir, packed.filename)))));
    expect(analysis.types, "the package has types").not.toBe(false);
    if (analysis.types === false) return;
    expect(Object.keys(analysis.entrypoints).sort()).toEqual([
      ".",
      "./attributes.schema.json",
      "./config.schema.json",
      "./events",
      "./package.json",
    ]);
    const problems = analysis.problems.filter(
      (p) => p.kind !== "CJSResolvesToESM" && !("resolutionKind" in p && p.resolutionKind === "node10"),
    );
    expect(problems).toEqual([]);
    // What is left out is there, so the check sees problems when a package has them.
    expect(analysis.problems.map((p) => p.kind)).toContain("CJSResolvesToESM");
    expect(analysis.problems.some((p) => "resolutionKind" in p && p.resolutionKind === "node10")).toBe(true);
  });

  it("installs, and its command line runs", async () => {
    const installed = ranConsumer((await consumers()).node, "installed");
    // npm links the package's bin, a Node script it may execute.
    expect(installed).toMatchObject({ link: "../cws-docgen/dist/cli.js", firstLine: "#!/usr/bin/env node", executable: true });
    expect(installed.printed.trim()).toBe(JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).version);
    expect(installed.code).toBe(0);
    // Nothing of it runs on an app's install: no install script, and no prepare (which npm runs, warning, for a tarball or git install).
    const scripts = JSON.parse(await readFile(join(consumer, "node_modules/cws-docgen/package.json"), "utf8")).scripts;
    expect(Object.keys(scripts).filter((k) => /^(pre|post)?(install|prepare)$/.test(k))).toEqual([]);
  });

  it("a CommonJS app (tsc module nodenext, verbatimModuleSyntax) requires cws-docgen and cws-docgen/events, compiles and runs with no warning", async () => {
    const { tsc, node } = await consumers();
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    expect(await readFile(join(consumer, "cjs-app/out/app.js"), "utf8")).toContain('require("cws-docgen/events")');
    expect(ranConsumer(node, "cjs")).toEqual({ valid: true, guard: false, generate: "function" });
  });

  it.each(RESOLUTIONS)("a TypeScript consumer (moduleResolution %s) compiles with tsc and runs with node", async (resolution) => {
    const { tsc, node } = await consumers();
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    const out = ranConsumer(node, resolution);
    const expected = {
      ...Object.fromEntries(Object.keys(events).map((name) => [name, { valid: true, guard: true, same: true }])),
      ...Object.fromEntries(
        MUTATIONS.map((m) => [`mutation: ${m.name}`, { valid: false, guard: false, errors: [{ pointer: m.pointer, message: m.message }] }]),
      ),
    };
    expect(out.results).toEqual(expected);
    expect(out.draft).toBe("http://json-schema.org/draft-04/schema#");
    expect(out.written).toEqual([
      `out/${resolution}/backend.md`,
      `out/${resolution}/backend-event.ts`,
      `out/${resolution}/backend-event.validator.ts`,
    ]);
    expect(out.paths).toEqual(["process.ancestors.executable.path", "process.ancestors.executable.path_resolution_error"]);
    expect(out.stale).toBe(0);
    expect(out.error).toMatch(/^cannot read the schema/);
    // The installed package renders the published page's schema and definitions with its built-in template,
    // under neutral texts (no config gives Datadog's).
    const page = await readFile(join(consumer, `out/${resolution}/backend.md`), "utf8");
    expect(page).toMatch(/^---\ntitle: backend\n/);
    expect(fromSchemaJson(page)).toBe(fromSchemaJson(await readFile(SEED_PAGE, "utf8")));
  });
});
