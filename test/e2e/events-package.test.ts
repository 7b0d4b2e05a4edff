/**
 * The events package (generated/events/): installed for real with npm, imported from ESM and CommonJS
 * apps, type-checked with tsc, its validator and type guard on good and bad events; and how it is
 * made.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MUTATIONS, events } from "../event-cases.js";
import {
  MASTER_SCHEMA,
  ROOT,
  commonJsApp,
  cp,
  join,
  DATADOG_TEXTS,
  runCli,
  runCommand as run,
  tempDir,
  writeFiles,
  consumerFiles,
  SUMMARY_SOURCE,
} from "../helpers.js";

const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const NAME = "cws-backend-events";

let dir: string;
let cleanup: () => Promise<void>;
let consumer: string;
let packed: { filename: string; files: { path: string }[] };

/** Events, and what a consumer must get for each: the fixtures are valid; each mutation and the rest are not. */
const INVALID: Record<string, { value: unknown; errors: { pointer: string; message: string }[] }> = {
  "not an object": { value: [], errors: [{ pointer: "", message: "must be object, got an array" }] },
  "a date that is not a date-time": {
    value: { date: "2024-02-30T10:00:00Z" },
    errors: [{ pointer: "/date", message: 'must match format "date-time", got the string "2024-02-30T10:00:00Z"' }],
  },
  "an unknown property": {
    value: { evt: { name: "open", extra: 1 } },
    errors: [{ pointer: "/evt/extra", message: 'unknown property "extra": the schema allows no other properties here' }],
  },
};
const inputs: Record<string, unknown> = {
  ...events,
  ...Object.fromEntries(MUTATIONS.map((m) => [`mutation: ${m.name}`, m.event])),
  ...Object.fromEntries(Object.entries(INVALID).map(([name, c]) => [name, c.value])),
};
const expected = {
  ...Object.fromEntries(Object.keys(events).map((name) => [name, { valid: true, guard: true, same: true }])),
  ...Object.fromEntries(
    MUTATIONS.map((m) => [`mutation: ${m.name}`, { valid: false, guard: false, errors: [{ pointer: m.pointer, message: m.message }] }]),
  ),
  ...Object.fromEntries(Object.entries(INVALID).map(([name, c]) => [name, { valid: false, guard: false, errors: c.errors }])),
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("cws-docgen-events-"));
  await cp(MASTER_SCHEMA, join(dir, "project/schema/backend.schema.json"));
  await writeFiles(join(dir, "project"), {
    "cws-docgen.config.json": JSON.stringify({
      pages: [
        {
          name: "backend",
          schema: "schema/backend.schema.json",
          docs: "docs/backend.md",
          types: "generated/backend-event.ts",
          // Datadog's texts and root type, as this repository's config gives them: its package is the one committed.
          ...DATADOG_TEXTS,
          package: { dir: "generated/events", name: NAME, version: "0.1.0" },
        },
      ],
    }),
  });
  // Stages 10 and 11 in their own thread, as on a user's machine with two cores.
  const generated = await runCli(["generate", "--no-cache"], { cwd: join(dir, "project"), env: { CWS_DOCGEN_TS_THREAD: "always" } });
  expect(generated.stderr).toBe("");
  expect(generated.code).toBe(0);
  const pack = await run("npm", ["pack", "--json", "--pack-destination", dir], join(dir, "project/generated/events"));
  expect(pack.code, pack.stderr).toBe(0);
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  consumer = join(dir, "consumer");
  await writeFiles(consumer, {
    "package.json": JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { [NAME]: `file:${join(dir, packed.filename)}` },
    }),
  });
  // Offline: the package has no dependency, so nothing comes from a registry.
  const install = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], consumer);
  expect(install.code, install.stderr).toBe(0);
});

afterAll(async () => {
  await cleanup();
});

async function folderBytes(folder: string): Promise<{ bytes: number; names: string[] }> {
  const names = (await readdir(folder, { recursive: true })).map(String).sort();
  let bytes = 0;
  for (const n of names) {
    const info = await stat(join(folder, n));
    if (info.isFile()) bytes += info.size;
  }
  return { bytes, names };
}

describe("the events package", () => {
  it("is what the repository commits for the default page (generated/events)", async () => {
    for (const f of packed.files.map((f) => f.path))
      expect(await readFile(join(dir, "project/generated/events", f), "utf8"), f).toBe(
        await readFile(join(ROOT, "generated/events", f), "utf8"),
      );
  });

  it("installs with no dependency, in under 1 MB", async () => {
    const installed = join(consumer, "node_modules", NAME);
    const { bytes, names } = await folderBytes(installed);
    expect(names).toEqual(
      [
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
      ].sort(),
    );
    expect(bytes).toBeLessThan(1024 * 1024);
    // Nothing else was installed.
    expect((await readdir(join(consumer, "node_modules"))).filter((n) => !n.startsWith("."))).toEqual([NAME]);
    const pkg = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: NAME,
      version: "0.1.0",
      type: "module",
      exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
    });
    expect(pkg.dependencies).toBeUndefined();
    // The Node versions whose require() loads ES modules; the README links nowhere (no registry page that may not exist).
    expect(pkg.engines).toEqual({ node: "^20.19.0 || >=22.12.0" });
    expect(await readFile(join(installed, "README.md"), "utf8")).not.toMatch(/\]\(|https?:/);
  });

  it("a CommonJS app (npm init's type commonjs; tsc module nodenext, verbatimModuleSyntax) requires it, compiles and runs in Node with no warning", async () => {
    // The same install: an app folder of its own whose package.json says commonjs, resolving the package from the folder above.
    const app = join(consumer, "cjs-app");
    await writeFiles(
      app,
      commonJsApp({
        "app.ts": [
          `import events = require("${NAME}");`,
          `import type { BackendEvent, ValidationResult } from "${NAME}";`,
          "declare const console: { log(...args: unknown[]): void };",
          `const inputs: Record<string, unknown> = ${JSON.stringify(inputs)};`,
          "const results = Object.fromEntries(Object.entries(inputs).map(([name, value]) => {",
          "  const result: ValidationResult<BackendEvent> = events.validateBackendEvent(value);",
          "  const guard = events.isBackendEvent(value);",
          "  return [name, result.valid ? { valid: true, guard, same: result.event === value } : { valid: false, guard, errors: result.errors }];",
          "}));",
          'import plain = require("./plain.cjs");',
          "console.log(JSON.stringify({ results, draft: events.schema.$schema, plain }));",
          "",
        ].join("\n"),
        // Plain require() (no @types/node: declared here), typed through the package's declarations.
        "plain.cts": `declare function require(id: string): unknown;\nconst { isBackendEvent } = require("${NAME}") as typeof import("${NAME}");\nexport = isBackendEvent({});\n`,
      }),
    );
    const tsc = await run(process.execPath, [TSC, "-p", "tsconfig.json"], app);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    // CommonJS indeed: the compiled app require()s the package (Node's require(esm) loads its ES modules).
    expect(await readFile(join(app, "out/app.js"), "utf8")).toContain(`require("${NAME}")`);
    const node = await run(process.execPath, ["out/app.js"], app);
    expect(node.stderr).toBe("");
    expect(node.code).toBe(0);
    const out = JSON.parse(node.stdout);
    expect(out.results).toEqual(expected);
    expect(out).toMatchObject({ draft: "http://json-schema.org/draft-04/schema#", plain: true });
  });

  it.each(["nodenext", "bundler"] as const)(
    "a TypeScript consumer (moduleResolution %s) compiles, runs in Node, and bundled for the browser gives the same verdicts",
    async (resolution) => {
      const generatedTypes = await readFile(join(ROOT, "generated/backend-event.ts"), "utf8");
      const typeNames = [...generatedTypes.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
      const source = [
        `import type { ${typeNames.join(", ")}, ValidationError, ValidationResult } from "${NAME}";`,
        `import { isBackendEvent, schema, validateBackendEvent } from "${NAME}";`,
        "",
        "declare const console: { log(...args: unknown[]): void };",
        "",
        `export type All = [${typeNames.join(", ")}];`,
        'export const typed: BackendEvent = { evt: { name: "open" }, file: { path: "/etc/shadow", uid: 0, gid: 42 }, process: { uid: 0, gid: 0 } };',
        "// @ts-expect-error uid is a number",
        'export const wrong: FileEvent = { uid: "0", gid: 0 };',
        "",
        ...SUMMARY_SOURCE,
        "",
        `const inputs: Record<string, unknown> = ${JSON.stringify(inputs)};`,
        "console.log(JSON.stringify({",
        "  results: Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, summary(value)])),",
        "  draft: schema.$schema,",
        "}));",
        "",
      ].join("\n");
      await writeFiles(consumer, consumerFiles(resolution, source));
      const tsc = await run(process.execPath, [TSC, "-p", `tsconfig.${resolution}.json`], consumer);
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.code).toBe(0);

      const node = await run(process.execPath, [`out-${resolution}/consumer.js`], consumer);
      expect(node.stderr).toBe("");
      expect(node.code).toBe(0);
      const out = JSON.parse(node.stdout);
      expect(out.results).toEqual(expected);
      expect(out.draft).toBe("http://json-schema.org/draft-04/schema#");

      // The browser: esbuild's bundle, run where there is no require, process or module loader.
      const esbuild = await import("esbuild");
      const bundle = await esbuild.build({
        absWorkingDir: consumer,
        entryPoints: [`out-${resolution}/consumer.js`],
        bundle: true,
        platform: "browser",
        format: "iife",
        target: "es2020",
        write: false,
        logLevel: "silent",
      });
      const code = bundle.outputFiles[0]!.text;
      expect(code).not.toMatch(/\brequire\(/);
      const printed: string[] = [];
      runInNewContext(code, { console: { log: (s: string) => printed.push(s) } }, { timeout: 120_000 });
      expect(printed).toHaveLength(1);
      expect(JSON.parse(printed[0]!)).toEqual(out);
    },
  );
});

describe("how the package is made", () => {
  it("ships runtime/validation.ts as bundled ahead of time: the build's file is what the generator makes", async () => {
    const { eventsRuntimeSource, GENERATED_FILE } = await import("../../scripts/dev/build-events-runtime.js");
    expect(await readFile(join(ROOT, GENERATED_FILE), "utf8")).toBe(await eventsRuntimeSource());
  });

  it("verify refuses a package file that holds a raw invisible character, imports anything from outside the package, or does not parse", async () => {
    const { createRequire } = await import("node:module");
    const ts = createRequire(import.meta.url)("typescript");
    const { verifyPackageFile } = await import("../../scripts/stages/verify.js");
    const ok = (file: string, content: string) => () => verifyPackageFile(ts, { file, content });
    expect(ok("/p/index.js", 'import { a } from "./validation.js";\nexport { a };\n')).not.toThrow();
    expect(ok("/p/index.js", 'import { fullFormats } from "ajv-formats/dist/formats.js";\n')).toThrow(/not a file of the package/);
    expect(ok("/p/index.d.ts", 'export * from "ajv";\n')).toThrow(/not a file of the package/);
    expect(ok("/p/validator.js", 'const x = require("ajv");\n')).toThrow(/loads a module at run time/);
    expect(ok("/p/validator.js", 'const x = await import("./a.js");\n')).toThrow(/loads a module at run time/);
    expect(ok("/p/index.js", "export const = 1;\n")).toThrow(/does not parse/);
    expect(ok("/p/schema.json", "{")).toThrow(/not JSON/);
    // Every file, whatever its kind: a raw invisible character is refused, its escape is not.
    expect(ok("/p/schema.json", '{"a": "x\u202ey"}')).toThrow(/line 1: a raw \\u202e/);
    expect(ok("/p/README.md", "# x\n\nsafe \u2066text\n")).toThrow(/line 3: a raw \\u2066/);
    expect(ok("/p/validator.d.ts", 'export declare const s: "\u2028";\n')).toThrow(/a raw \\u2028/);
    expect(ok("/p/schema.json", '{"a": "x\\u202ey"}')).not.toThrow();
  });
});
