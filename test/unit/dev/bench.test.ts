/**
 * `node dist/dev/bench.js --quick` runs (the seed, one run, no npm, one module's load; stage 5 on the seed) and writes
 * figures of the shape build-guides renders; the full bench times every runtime library; a case's stage row follows the
 * pipeline's stages.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { parseTimings, stageRow } from "../../../scripts/dev/bench-timings.js";
import { timedModules } from "../../../scripts/dev/bench/modules.js";
import { benchmarkTable } from "../../../scripts/dev/build-guides.js";
import { STAGES } from "../../../scripts/pipeline/stages.js";
import { ROOT, join } from "../../helpers.js";

/** The stages of the bench's cold build (`--no-cache`, no events package, no attribute index), then Node's wall time. */
const COLD_STAGES = [...STAGES.filter((s) => s !== "cache" && s !== "package" && s !== "attributes"), "process"];

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
    for (const stage of COLD_STAGES) expect(result.stages[0][stage], stage).toBeGreaterThanOrEqual(0);

    // --quick times one module, beside our bundle's entry and the empty process subtracted from both.
    expect(result.modules.map((m: { module: string }) => m.module)).toEqual([
      "commander",
      "node dist/cli.js --version (our bundle's entry)",
      "(node itself: the empty process subtracted above)",
    ]);
    for (const m of result.modules) expect(typeof m.loadMs).toBe("number");

    // Stage 5, in process: the seed's 241 attribute paths (test/unit/stages/index-attributes.test.ts), under the cap.
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
    expect(tables).toContain("| commander |");
    expect(tables).toContain("**Stage 5, the attribute index, in process");
    expect(tables).toContain("| seed | 16 |");
    expect(tables).toMatch(/\| seed \| 16 \| [\d.]+ \| 241 \| false \| 100000 \| [\d.]+ \|/);
  });
});

describe("bench's modules", () => {
  it("are, without --quick, each runtime library the stages load, TypeScript through require(); --quick times one of them", () => {
    const all = timedModules(false);
    for (const m of ["micromark", "json-schema-to-typescript", "ajv", "handlebars", "typescript (require())", "commander"])
      expect(all).toContain(m);
    expect(timedModules(true)).toEqual(["commander"]);
  });
});

describe("bench's stage row", () => {
  it("has the medians of every stage the runs report, in the pipeline's order, process last", () => {
    const lines = (ms: number) => [
      ...STAGES.map((s) => `  ${s.padEnd(15)} ${ms.toFixed(1)} ms`),
      `  sum  ${ms} ms`,
      `  process  ${ms * 2} ms`,
    ];
    const run = (ms: number) => parseTimings(["timings:", ...lines(ms)].join("\n"));
    const row = stageRow("seed", [run(1), run(3), run(2)]);
    expect(Object.keys(row)).toEqual(["case", ...STAGES, "process"]);
    expect(row).toMatchObject({ case: "seed", cache: 2, write: 2, process: 4 });
  });
});
