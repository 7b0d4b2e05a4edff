/**
 * A run loads only what its stages need: each stage's module, with its libraries, is
 * imported when the stage starts. Seen from outside, through the built CLI: Node's own debug log
 * of the ES modules it loads (NODE_DEBUG=esm) names the bundle's stage chunks (`dist/render-<hash>.js`).
 * The runs follow one another in one process, each reaching no stage the runs before it had not but the
 * last, a full build (a module loads once per process): what the process has loaded after each run is what
 * that run would have loaded alone. The build the cache serves is first made by the built package in this process.
 */
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STAGE_MODULES } from "../../scripts/pipeline/stages.js";
import { CLI, MASTER_SCHEMA, builtPackage, cp, inFolder, join, runCli, tempDir, writeFiles } from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-lazy-")));
afterEach(() => cleanup());

const CHUNK = new RegExp(`/dist/(${Object.values(STAGE_MODULES).join("|")})-[A-Z0-9]{8}\\.js\\b`, "g");

/** The stage modules (`load`, `render`, …) named in a part of the debug log. */
function stagesIn(log: string): string[] {
  return [...new Set([...log.matchAll(CHUNK)].map((m) => m[1]!))].sort();
}

/**
 * Runs the built CLI once for each of `runs`, one after another in one Node process (its entry imported afresh
 * each time, the chunks it shares loaded once): how each ended, and the stage modules the process had loaded by then.
 */
async function runsInOneProcess(runs: string[][]): Promise<{ code: number; stages: string[] }[]> {
  const driver = [
    `for (const [i, args] of ${JSON.stringify(runs)}.entries()) {`,
    `  process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...args];`,
    "  process.exitCode = 0;",
    `  await import(${JSON.stringify(pathToFileURL(CLI).href)} + "?run=" + i);`,
    '  process.stderr.write("\\n@@ run " + i + " ended " + process.exitCode + " @@\\n");',
    "}",
    "process.exitCode = 0;",
  ].join("\n");
  await writeFiles(dir, { "driver.mjs": driver });
  const r = await runCli([], {
    cwd: dir,
    env: { NODE_DEBUG: "esm", CWS_DOCGEN_CACHE_DIR: join(dir, "cache") },
    cli: join(dir, "driver.mjs"),
  });
  expect(r.code, r.stderr).toBe(0);
  const ends = [...r.stderr.matchAll(/\n@@ run (\d+) ended (\d+) @@\n/g)];
  expect(
    ends.map((m) => Number(m[1])),
    r.stderr,
  ).toEqual(runs.map((_, i) => i));
  return ends.map((m) => ({ code: Number(m[2]), stages: stagesIn(r.stderr.slice(0, m.index)) }));
}

const LATER = ["dereference", "inspect", "model", "index-attributes", "render", "emit-types", "emit-validator"];
const OUTPUTS = ["--docs-out", "out/page.md", "--types-out", "out/types.ts"];

describe("a run loads only the stages it reaches", () => {
  it("a build the cache serves, none; a schema that is not JSON, stage 1 alone; one its draft refuses, stages 1 to 3; an output the schema refers to, stages 1 and 2; a full build, every stage", async () => {
    await cp(MASTER_SCHEMA, join(dir, "master.json"));
    await writeFiles(dir, {
      "broken.json": '{"type": "object", "properties": {',
      "bad.json": JSON.stringify({ type: "object", properties: { a: { type: 5 } } }),
      "s.json": JSON.stringify({ type: "object", properties: { a: { $ref: "part.json#/definitions/A" } } }),
      "part.json": JSON.stringify({ definitions: { A: { type: "string" } } }),
    });
    const master = ["generate", "--schema", "master.json", ...OUTPUTS];
    // The cache's entry for the master schema: the bundle's, as the CLI's runs look it up.
    await inFolder(dir, { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") }, () =>
      builtPackage().generate({ schema: "master.json", docsOut: "out/page.md", typesOut: "out/types.ts" }),
    );
    const [hit, broken, bad, referenced, full] = await runsInOneProcess([
      master,
      ["generate", "--schema", "broken.json", ...OUTPUTS],
      ["generate", "--schema", "bad.json", ...OUTPUTS],
      ["generate", "--schema", "s.json", "--docs-out", "out/page.md", "--types-out", "part.json"],
      [...master, "--no-cache"],
    ]);
    // A build the cache serves: no stage module at all.
    expect(hit).toEqual({ code: 0, stages: [] });
    // Refused by stage 1: no later stage's module.
    expect(broken!.code).toBe(2);
    expect(broken!.stages).toContain("load");
    for (const stage of LATER) expect(broken!.stages, stage).not.toContain(stage);
    // Refused by its draft's meta-schema (stage 3): not the model, the template engine or the emitters.
    expect(bad!.code).toBe(2);
    expect(bad!.stages).toEqual(expect.arrayContaining(["load", "dereference", "inspect"]));
    for (const stage of LATER.slice(2)) expect(bad!.stages, stage).not.toContain(stage);
    // Refused once stage 2 has found the file, before the page is built.
    expect(referenced!.code).toBe(2);
    for (const stage of LATER.slice(3)) expect(referenced!.stages, stage).not.toContain(stage);
    // A full build: the stages no run before it reached too.
    expect(full!.code).toBe(0);
    expect(full!.stages).toEqual(expect.arrayContaining(["load", "render", "emit-types", "emit-validator", "verify"]));
  });
});
