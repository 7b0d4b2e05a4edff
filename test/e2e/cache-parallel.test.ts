/**
 * The build cache, the parallel lint and the chunked json2ts compile change nothing in what is produced; the
 * cache's runs go through the command line, run in this process.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syntheticSchema } from "../../scripts/dev/synthetic.js";
import { lintPage, PARALLEL_THRESHOLD } from "../../scripts/stages/lint/lint.js";
import { resolvePages } from "../../scripts/config/config.js";
import { dereferenceSchema } from "../../scripts/stages/dereference.js";
import { emitTypes } from "../../scripts/stages/emit-types.js";
import { loadSchema } from "../../scripts/stages/load.js";
import { indexDefinitions } from "../../scripts/stages/model.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { MASTER_SCHEMA, SEED_PAGE, builtLintStage, cp, fromSchemaJson, join, runInProcess, tempDir, writeFiles } from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const outputs = async () =>
  Promise.all(["out/page.md", "out/types.ts", "out/types.validator.ts"].map((f) => readFile(join(dir, f), "utf8")));

describe("build cache", () => {
  it("gives byte-identical outputs with and without the cache, and is invalidated by any input", async () => {
    await writeFiles(dir, {
      "s/main.json": JSON.stringify({ properties: { p: { $ref: "part.json#/definitions/P" } } }),
      "s/part.json": JSON.stringify({ definitions: { P: { properties: { a: { type: "string", description: "first" } } } } }),
      "t/page.md.hbs": "{{#each definitions}}{{> field-table fields=fields}}{{/each}}",
    });
    const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
    const args = [
      "generate",
      "--schema",
      "s/main.json",
      "--template",
      "t/page.md.hbs",
      "--docs-out",
      "out/page.md",
      "--types-out",
      "out/types.ts",
    ];
    expect((await runInProcess([...args, "--no-cache"], { cwd: dir, env })).code).toBe(0);
    const uncached = await outputs();
    await expect(readdir(join(dir, "cache"))).rejects.toThrow(); // --no-cache writes no cache
    expect((await runInProcess(args, { cwd: dir, env })).stdout).toBe(
      "unchanged out/page.md\nunchanged out/types.ts\nunchanged out/types.validator.ts\n",
    ); // fills the cache
    expect(await readdir(join(dir, "cache"))).toHaveLength(1);
    const warm = await runInProcess([...args, "--timings"], { cwd: dir, env });
    expect(warm.stderr).toMatch(/cache/);
    expect(warm.stderr).not.toMatch(/\brender\b/); // served from the cache: nothing was rendered
    expect(await outputs()).toEqual(uncached);

    // A change in a referenced file, in the template, or a new partial: rebuilt.
    await writeFiles(dir, {
      "s/part.json": JSON.stringify({ definitions: { P: { properties: { a: { type: "string", description: "second" } } } } }),
    });
    expect((await runInProcess(args, { cwd: dir, env })).stdout).toContain("wrote out/page.md");
    expect((await outputs())[0]).toContain("second");
    await writeFiles(dir, { "t/partials/field-table.hbs": "{{#each fields}}- {{text description}}\n{{/each}}" });
    await runInProcess(args, { cwd: dir, env });
    expect((await outputs())[0]).toBe("- second\n");
    // And the cached result equals a fresh uncached build of the same inputs.
    const cachedNow = await outputs();
    await runInProcess([...args, "--no-cache"], { cwd: dir, env });
    expect(await outputs()).toEqual(cachedNow);
  });

  it("never serves a cached page for a schema that no longer exists", async () => {
    await cp(MASTER_SCHEMA, join(dir, "m.json"));
    const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
    // The page alone: a cached entry is served or not by its inputs, whatever the page has.
    const args = ["generate", "--schema", "m.json", "--docs-out", "out/page.md", "--no-types"];
    await runInProcess(args, { cwd: dir, env });
    // The seed page's schema and definitions, under neutral texts (no config gives Datadog's).
    const seed = await readFile(SEED_PAGE, "utf8");
    const page = await readFile(join(dir, "out/page.md"), "utf8");
    expect(page).toMatch(/^---\ntitle: m\n/);
    expect(fromSchemaJson(page)).toBe(fromSchemaJson(seed));
    const { rm } = await import("node:fs/promises");
    await rm(join(dir, "m.json"));
    const r = await runInProcess(args, { cwd: dir, env });
    expect(r.code).toBe(2);
    expect((await stat(join(dir, "out/page.md"))).size).toBeGreaterThan(0);
  });
});

describe("parallel lint", () => {
  it("reports exactly what the sequential lint reports, on a page large enough for worker threads", async () => {
    await writeFiles(dir, { "s.json": JSON.stringify(syntheticSchema(PARALLEL_THRESHOLD + 50)) });
    const [page] = await resolvePages({ schema: join(dir, "s.json"), docsOut: join(dir, "p.md"), typesOut: join(dir, "t.ts") }, dir);
    const built = await buildPage(page!, {}, { cache: false, types: false });
    const good = built.docs.content;
    // The built library: its worker threads run the bundle's lint-worker.js.
    const { lintPageParallel } = await builtLintStage();
    // Break a table row near the end and a link near the start.
    const lines = good.split("\n");
    const rowIndex = lines.length - 20 + lines.slice(-20).findIndex((l) => l.startsWith("| `"));
    lines[rowIndex] = `${lines[rowIndex]} extra |`;
    const linkIndex = lines.findIndex((l) => l.includes("](#"));
    lines[linkIndex] = lines[linkIndex]!.replace(/\]\(#[^)]+\)/, "](#nowhere)");
    const broken = lines.join("\n");
    const sequential = lintPage(broken);
    expect(sequential.map((m) => [m.rule, m.line])).toEqual([
      ["anchor", linkIndex + 1],
      ["table", rowIndex + 1],
    ]);
    // The same two messages and nothing else: no false finding anywhere on the page, in any thread's slice.
    expect(await lintPageParallel(broken, 2)).toEqual(sequential);
  });
});

describe("types compiled in chunks", () => {
  it("json2ts given a few definitions at a time writes the same bytes as json2ts given all at once", async () => {
    // The master schema (16 definitions) and a synthetic one with type aliases among the interfaces.
    await writeFiles(dir, { "syn.json": JSON.stringify(syntheticSchema(60, 7)) });
    await cp(MASTER_SCHEMA, join(dir, "master.json"));
    for (const schema of ["master.json", "syn.json"]) {
      const resolved = await dereferenceSchema(await loadSchema(join(dir, schema)));
      const index = indexDefinitions(resolved);
      const emit = (definitionsPerCompile: number) =>
        emitTypes(resolved, index, { rootName: "BackendEvent", typesFile: join(dir, "out/types.ts"), definitionsPerCompile });
      const whole = await emit(100_000);
      expect(whole).toContain("export interface BackendEvent {");
      expect(await emit(3)).toBe(whole);
      expect(await emit(1)).toBe(whole);
    }
  });
});
