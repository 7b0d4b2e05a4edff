/**
 * Stage 2, dereference (scripts/stages/dereference.ts): `$ref`s across local files, cycles, and the
 * refusals: remote references, paths outside the schema's folder, targets that do not exist.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAbsolute } from "node:path";
import { dereferenceSchema } from "../../../scripts/stages/dereference.js";
import { DocgenError } from "../../../scripts/core/problems.js";
import { loadSchema } from "../../../scripts/stages/load.js";
import { join, tempDir, writeFiles } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function resolve(files: Record<string, unknown>, root = "main.json") {
  await writeFiles(dir, Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
  return dereferenceSchema(await loadSchema(join(dir, root)));
}

async function problems(files: Record<string, unknown>, root = "main.json") {
  try {
    await resolve(files, root);
  } catch (err) {
    expect(err).toBeInstanceOf(DocgenError);
    return (err as DocgenError).problems;
  }
  throw new Error("expected a DocgenError");
}

describe("dereference", () => {
  it("follows relative $refs into other local files, and into their definitions", async () => {
    const r = await resolve({
      "main.json": {
        properties: { p: { $ref: "parts/process.json#/definitions/Process" } },
        definitions: { F: { $ref: "parts/file.json" } },
      },
      "parts/process.json": { definitions: { Process: { properties: { exe: { $ref: "file.json" } } } } },
      "parts/file.json": { properties: { path: { type: "string" } } },
    });
    expect([...r.files.keys()].map((f) => f.slice(dir.length + 1))).toEqual(["main.json", "parts/process.json", "parts/file.json"]);
    expect(r.refs.map((u) => u.ref)).toEqual(["parts/process.json#/definitions/Process", "parts/file.json", "file.json"]);
    expect(r.refs[2]!.target).toEqual({ file: join(dir, "parts/file.json"), pointer: "" });
    const bundled = JSON.stringify(await r.bundled());
    expect(bundled).toContain('{"path":{"type":"string"}}');
    expect(bundled).not.toMatch(/"\$ref":"[^#]/);
  });

  it("gives the whole schema in one form only, the bundle (what the validator and the pipeline read)", async () => {
    const r = await resolve({ "main.json": { properties: { a: { $ref: "#/definitions/A" } }, definitions: { A: { type: "string" } } } });
    expect(Object.keys(r)).toEqual(["root", "rootFile", "files", "refs", "targetOf", "bundled"]);
  });

  it("names the root file by its absolute path, the first of the files", async () => {
    const r = await resolve({ "main.json": { properties: { a: { $ref: "other.json" } } }, "other.json": { type: "string" } });
    expect(r.rootFile).toBe([...r.files.keys()][0]);
    expect(r.files.get(r.rootFile)).toBe(r.root);
    expect(isAbsolute(r.rootFile) && r.rootFile.endsWith("main.json")).toBe(true);
  });

  it("refuses remote $refs without fetching, naming the place of use", async () => {
    const ps = await problems({
      "main.json": {
        properties: { a: { $ref: "https://example.com/s.json#/x" } },
        definitions: { B: { $ref: "http://127.0.0.1:1/x.json" } },
      },
    });
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatchObject({ pointer: "/properties/a/$ref" });
    expect(ps[0]!.message).toMatch(/remote.*refused.*nothing was fetched/);
    expect(ps[1]).toMatchObject({ pointer: "/definitions/B/$ref" });
  });

  it("refuses a $ref that is not a URI reference, and one that is not a string, each at its place", async () => {
    const ps = await problems({
      "main.json": { properties: { a: { $ref: "http://[" }, b: { $ref: 5 } } },
    });
    expect(ps.map((p) => [p.pointer, p.message])).toEqual([
      ["/properties/a/$ref", '"$ref" "http://[" is not a valid URI reference'],
      ["/properties/b/$ref", '"$ref" must be a string, not a number'],
    ]);
  });

  it("refuses a $ref to a file outside the schema's folder (no path traversal)", async () => {
    await writeFiles(dir, { "secret.json": "{}" });
    const ps = await problems({ "schema/main.json": { properties: { a: { $ref: "../secret.json" } } } }, "schema/main.json");
    expect(ps[0]!.message).toMatch(/outside the schema's folder/);
    const abs = await problems({ "schema/main.json": { properties: { a: { $ref: "file:///etc/passwd" } } } }, "schema/main.json");
    expect(abs[0]!.message).toMatch(/outside the schema's folder/);
  });

  it("reports every $ref that points nowhere, with the pointer where it is used", async () => {
    const ps = await problems({
      "main.json": { properties: { a: { $ref: "#/definitions/Nope" }, b: { items: { $ref: "#/definitions/Gone" } } }, definitions: {} },
    });
    expect(ps.map((p) => p.pointer)).toEqual(["/properties/a/$ref", "/properties/b/items/$ref"]);
    expect(ps[0]!.message).toMatch(/"#\/definitions\/Nope" points nowhere/);
  });

  it("refuses a $ref that is not a string", async () => {
    const ps = await problems({ "main.json": { properties: { a: { $ref: 42 } } } });
    expect(ps[0]).toMatchObject({ pointer: "/properties/a/$ref" });
    expect(ps[0]!.message).toMatch(/must be a string, not a number/);
  });

  it("reports a referenced file that is missing or broken at its own place", async () => {
    const ps = await problems({
      "main.json": { properties: { a: { $ref: "missing.json" }, b: { $ref: "broken.json" } } },
      "broken.json": '{"a": }',
    });
    expect(ps[0]!.message).toMatch(/cannot read the schema: no such file \(referenced from .* at \/properties\/a\/\$ref\)/);
    expect(ps[1]).toMatchObject({ line: 1, column: 7 });
  });

  it("treats a property named $ref as a name, not a reference", async () => {
    const r = await resolve({ "main.json": { properties: { $ref: { type: "string" } } } });
    expect(r.refs).toEqual([]);
  });
});
