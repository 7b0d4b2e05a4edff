/**
 * A run loads only what its stages need: each stage's module, with its libraries, is
 * imported when the stage starts. Seen from outside, through the built CLI: Node's own debug log
 * of the ES modules it loads (NODE_DEBUG=esm) names the bundle's stage chunks (`dist/render-<hash>.js`).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STAGE_MODULES } from "../../scripts/pipeline/stages.js";
import { MASTER_SCHEMA, cp, join, runCli, tempDir, writeFiles } from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-lazy-")));
afterEach(() => cleanup());

/** The stage modules (`load`, `render`, …) a run of the built CLI loaded, and how it ended. */
async function stagesLoaded(args: string[]): Promise<{ code: number; stages: string[] }> {
  const r = await runCli(args, { cwd: dir, env: { NODE_DEBUG: "esm", CWS_DOCGEN_CACHE_DIR: join(dir, "cache") } });
  const chunk = new RegExp(`/dist/(${Object.values(STAGE_MODULES).join("|")})-[A-Z0-9]{8}\\.js\\b`, "g");
  const stages = new Set([...r.stderr.matchAll(chunk)].map((m) => m[1]!));
  return { code: r.code, stages: [...stages].sort() };
}

const LATER = ["dereference", "inspect", "model", "index-attributes", "render", "emit-types", "emit-validator"];
const OUTPUTS = ["--docs-out", "out/page.md", "--types-out", "out/types.ts"];

describe("a run loads only the stages it reaches", () => {
  it("a schema that is not JSON (refused by stage 1): no later stage's module", async () => {
    await writeFiles(dir, { "broken.json": '{"type": "object", "properties": {' });
    const run = await stagesLoaded(["generate", "--schema", "broken.json", ...OUTPUTS]);
    expect(run.code).toBe(2);
    expect(run.stages).toContain("load");
    for (const stage of LATER) expect(run.stages, stage).not.toContain(stage);
  });

  it("a schema its draft's meta-schema refuses (stage 3): stages 1 to 3, not the model, the template engine or the emitters", async () => {
    await writeFiles(dir, { "bad.json": JSON.stringify({ type: "object", properties: { a: { type: 5 } } }) });
    const run = await stagesLoaded(["generate", "--schema", "bad.json", ...OUTPUTS]);
    expect(run.code).toBe(2);
    expect(run.stages).toEqual(expect.arrayContaining(["load", "dereference", "inspect"]));
    for (const stage of LATER.slice(2)) expect(run.stages, stage).not.toContain(stage);
  });

  it("an output that is a file the schema refers to: refused once stage 2 has found the file, before the page is built", async () => {
    await writeFiles(dir, {
      "s.json": JSON.stringify({ type: "object", properties: { a: { $ref: "part.json#/definitions/A" } } }),
      "part.json": JSON.stringify({ definitions: { A: { type: "string" } } }),
    });
    const run = await stagesLoaded(["generate", "--schema", "s.json", "--docs-out", "out/page.md", "--types-out", "part.json"]);
    expect(run.code).toBe(2);
    expect(run.stages).toEqual(expect.arrayContaining(["load", "dereference"]));
    for (const stage of LATER.slice(3)) expect(run.stages, stage).not.toContain(stage);
  });

  it("a build the cache serves: no stage module at all", async () => {
    await cp(MASTER_SCHEMA, join(dir, "master.json"));
    const first = await stagesLoaded(["generate", "--schema", "master.json", ...OUTPUTS]);
    expect(first.code).toBe(0);
    expect(first.stages).toEqual(expect.arrayContaining(["load", "render", "emit-types", "emit-validator", "verify"]));
    const hit = await stagesLoaded(["generate", "--schema", "master.json", ...OUTPUTS]);
    expect(hit.code).toBe(0);
    expect(hit.stages).toEqual([]);
  });
});
