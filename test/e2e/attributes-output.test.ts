/**
 * The attribute index as a page's output: `generated/<page>.attributes.json`,
 * written, checked and cached with the other outputs, through the command line's
 * runs in this process; the committed file matches its JSON Schema
 * (attributes.schema.json) and the stage.
 */
import { readFile, rm } from "node:fs/promises";
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, copyProject, join, runInProcess, tempDir, writeFile } from "../helpers.js";

const COMMITTED = join(ROOT, "generated/backend.attributes.json");

let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  env = { CWS_DOCGEN_CACHE_DIR: join(dir, ".test-cache") };
});
afterEach(() => cleanup());

/** The project copied into the temporary folder, its page asking for the attribute index at `file`. */
async function project(file: unknown = "generated/backend.attributes.json"): Promise<void> {
  await copyProject(dir);
  const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
  config.pages[0].attributes = file;
  await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify(config, null, 2));
}

describe("the committed attribute index", () => {
  it("matches attributes.schema.json, counts its attributes, and lists each path once per branch", async () => {
    const doc = JSON.parse(await readFile(COMMITTED, "utf8"));
    const schema = JSON.parse(await readFile(join(ROOT, "attributes.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.schema).toBe("backend.schema.json");
    expect(doc.rootType).toBe("BackendEvent");
    expect(doc.count).toBe(doc.attributes.length);
    expect(doc.count).toBe(241);
    const keys = doc.attributes.map((a: { marked: string; branches?: string[] }) => `${a.marked} ${a.branches ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("is one attribute per line: a changed path is a one-line diff", async () => {
    const lines = (await readFile(COMMITTED, "utf8")).split("\n");
    const doc = JSON.parse(lines.join("\n"));
    const rows = lines.filter((l) => l.startsWith('    {"path":'));
    expect(rows).toHaveLength(doc.count);
    expect(JSON.parse(rows[0]!.replace(/,$/, ""))).toEqual(doc.attributes[0]);
    expect(lines.at(-1)).toBe("");
  });

  it("holds the path attributes the issue names, with their types and descriptions", async () => {
    const doc = JSON.parse(await readFile(COMMITTED, "utf8"));
    const byPath = new Map(doc.attributes.map((a: { path: string }) => [a.path, a]));
    for (const path of [
      "file.path",
      "file.destination.path",
      "process.executable.path",
      "process.parent.executable.path",
      "process.ancestors.executable.path",
    ]) {
      expect(byPath.get(path), path).toMatchObject({ types: ["string"], description: "File path" });
      // Where the event's own file is a FileEvent, the others are Files.
      expect(byPath.get(path), path).toMatchObject({ declaredBy: path === "file.path" ? "FileEvent" : "File" });
    }
    expect(byPath.get("process.ancestors")).toMatchObject({ marked: "process.ancestors[]", types: ["array"], itemTypes: ["object"] });
  });
});

describe("hostile text in the JSON", () => {
  it("is written as \\u escapes: nothing invisible in the file, the same strings to a JSON parser", async () => {
    const r = await runInProcess([
      "attributes",
      "--format",
      "json",
      "--schema",
      join(ROOT, "test/fixtures/attributes/hostile.schema.json"),
    ]);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/);
    expect(r.stdout).toContain("bidi\\u202eevil");
    const doc = JSON.parse(r.stdout);
    expect(doc.attributes.map((a: { path: string }) => a.path)).toContain("bidi\u202eevil");
    expect(doc.attributes.find((a: { path: string }) => a.path === "bidi\u202eevil").description).toBe(
      "Trojan \u2066source\u2069 and \u2028 separator, NEL \u0085, DEL \u007f",
    );
  });
});

describe("generate, check and the cache", () => {
  it("generate writes it; check finds it current, then missing; --no-types leaves it alone", async () => {
    await project();
    const first = await runInProcess(["generate"], { cwd: dir, env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote generated/backend.attributes.json");
    const written = await readFile(join(dir, "generated/backend.attributes.json"), "utf8");
    expect(written).toBe(await readFile(COMMITTED, "utf8"));

    // A cache hit gives the same bytes.
    const again = await runInProcess(["generate"], { cwd: dir, env });
    expect(again.stdout).toContain("unchanged generated/backend.attributes.json");

    expect((await runInProcess(["check"], { cwd: dir, env })).code).toBe(0);
    await rm(join(dir, "generated/backend.attributes.json"));
    const stale = await runInProcess(["check", "--list"], { cwd: dir, env });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("generated/backend.attributes.json\n");

    const pageOnly = await runInProcess(["generate", "--no-types"], { cwd: dir, env });
    expect(pageOnly.code).toBe(0);
    expect(pageOnly.stdout).not.toContain("attributes");
    await expect(readFile(join(dir, "generated/backend.attributes.json"))).rejects.toThrow(/ENOENT/);
  });

  it("a schema past the 100,000-path cap: exit 2 with one line and a hint, nothing written, no stack", async () => {
    const schema = await readFile(join(ROOT, "test/fixtures/hostile/ref-explosion/input/schema.json"), "utf8");
    await writeFile(join(dir, "schema.json"), schema);
    const page = { name: "p", schema: "schema.json", docs: "out/p.md", types: "out/p.ts", attributes: "out/p.attributes.json" };
    await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify({ pages: [page] }));
    const r = await runInProcess(["generate"], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cws-docgen: error: schema\.json: the schema gives more than 100,000 attribute paths \(definitions shared along long chains multiply them\)\n {2}hint: /,
    );
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(join(dir, "out/p.md"))).rejects.toThrow(/ENOENT/);
  });

  it("a path that is not a .json file is refused with one line naming the config field", async () => {
    await project("generated/attributes.txt");
    const r = await runInProcess(["generate"], { cwd: dir, env });
    expect(r.code).toBe(2);
    // The line of the config's "attributes" key, where its value starts.
    const config = await readFile(join(dir, "cws-docgen.config.json"), "utf8");
    const line = config.split("\n").findIndex((l) => l.includes('"attributes":')) + 1;
    expect(r.stderr.split("\n")[0]).toBe(
      `cws-docgen: error: cws-docgen.config.json:${line}:21 at /pages/0/attributes: config must match pattern "\\.json$"`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("an attribute index that would overwrite the schema is refused before any build", async () => {
    await project("schema/backend.schema.json");
    const before = await readFile(join(dir, "schema/backend.schema.json"), "utf8");
    const r = await runInProcess(["generate"], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("schema/backend.schema.json");
    expect(await readFile(join(dir, "schema/backend.schema.json"), "utf8")).toBe(before);
  });
});
