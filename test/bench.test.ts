/** `node dist/dev/bench.js --quick` runs (the seed, one run, no npm; stage 5 on the seed) and writes figures of the shape build-guides renders. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { benchmarkTable } from "../scripts/dev/build-guides.js";
import { ROOT, join } from "./helpers.js";

const STAGES = ["load", "dereference", "inspect", "model", "render", "lint", "types", "validator", "verify", "write", "process"];

describe("bench --quick", () => {
  let work = "";
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("measures the seed against json2ts, per stage, output sizes and module loads, and writes them as JSON", async () => {
    work = await mkdtemp(join(tmpdir(), "cws-bench-"));
    const out = join(work, "results.json");
    await new Promise<void>((done, fail) =>
      execFile(
        process.execPath,
        [join(ROOT, "dist/dev/bench.js"), "--quick", "--work", work, "--out", out],
        { cwd: ROOT },
        (err, _stdout, errOut) => (err ? fail(new Error(errOut)) : done()),
      ),
    );
    const result = JSON.parse(await readFile(out, "utf8"));
    expect(result).toMatchObject({ runs: 1, machine: { cores: expect.any(Number) }, node: process.version });
    expect(Number.isNaN(Date.parse(result.date))).toBe(false);
    expect(result.npm).toBeUndefined(); // --quick leaves npm out

    expect(result.cases).toHaveLength(1);
    const seed = result.cases[0];
    expect(seed).toMatchObject({ case: "seed", definitions: 16, runs: 1 });
    expect(seed.error).toBeUndefined();
    for (const key of [
      "oursSeconds",
      "json2tsSeconds",
      "vsJson2ts",
      "oursPeakMiB",
      "json2tsPeakMiB",
      "pageBytes",
      "typesBytes",
      "validatorBytes",
    ]) {
      expect(seed[key], key).toBeGreaterThan(0);
    }
    expect(seed.vsJson2ts).toBeCloseTo(seed.oursSeconds / seed.json2tsSeconds, 1);
    expect(seed.validatorPerSchemaByte).toBeCloseTo(seed.validatorBytes / seed.schemaBytes, 1);

    expect(result.stages).toEqual([expect.objectContaining({ case: "seed" })]);
    for (const stage of STAGES) expect(result.stages[0][stage], stage).toBeGreaterThanOrEqual(0);

    const modules = result.modules.map((m: { module: string }) => m.module);
    for (const m of ["micromark", "json-schema-to-typescript", "ajv", "handlebars", "typescript (require())", "commander"])
      expect(modules).toContain(m);
    expect(modules.some((m: string) => m.startsWith("node dist/cli.js --version"))).toBe(true);
    for (const m of result.modules) expect(typeof m.loadMs).toBe("number");

    // Stage 5, in process: the seed's 241 attribute paths (test/attributes.test.ts), under the cap.
    expect(result.attributes).toEqual([
      {
        case: "seed",
        definitions: 16,
        prepareMs: expect.any(Number),
        paths: 241,
        refused: false,
        maxAttributes: 100_000,
        ms: expect.any(Number),
      },
    ]);
    expect(result.attributes[0].ms).toBeGreaterThan(0);

    const tables = benchmarkTable(JSON.stringify(result));
    expect(tables).toContain("| seed | 16 |");
    expect(tables).toContain("| micromark |");
    expect(tables).toContain("**Stage 5, the attribute index, in process");
    expect(tables).toContain("| seed | 16 |");
    expect(tables).toMatch(/\| seed \| 16 \| [\d.]+ \| 241 \| false \| 100000 \| [\d.]+ \|/);
  });
});
