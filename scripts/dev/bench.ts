/**
 * `npm run bench`: what users wait for, measured as whole processes, all in one run
 * (compare ratios within a run, not times across runs or machines).
 *
 * - **cases**: for each schema, our CLI's cold full build (`generate --no-cache`: page,
 *   types and validator) beside json-schema-to-typescript's own CLI on the same schema
 *   (`--unreachableDefinitions`, so that it emits every definition as we do: the
 *   baseline), run alternately, each the median of `--runs` runs after one warm-up
 *   (`--big-runs` and no warm-up from `--big-from` definitions on): wall time, the
 *   ratio ours / json2ts, peak memory (`maxRSS`) of each process, the time of each
 *   stage (our `--timings`, parsed from stderr), and the outputs' sizes. Optionally a
 *   warm build (cache filled) too (`--warm`).
 * - **peers**: our cold full build against the chains of peer tools a user would script for the same
 *   outputs (json2ts alone; json2ts + jsonschema2mk + ajv-cli; json2ts + jsonschema2md + ajv-cli up to
 *   1,000 definitions; json2ts + ajv-cli from 5,000), alternating, the ratio's median and spread
 *   (bench/peers.ts, which installs them into the work folder from scripts/dev/bench/peers/).
 * - **modules**: the load cost of each runtime dependency our stages import: the median
 *   wall time of a fresh `node` that only `import()`s it, minus that of a fresh `node`
 *   that imports nothing (and the `import()` alone, timed inside the process); and our
 *   bundle's entry (`node dist/cli.js --version`).
 * - **npm**: `npm run generate` on the seed (the README's command: build if stale, then
 *   the CLI) against `node dist/cli.js generate` directly, cache warm and cold.
 * - **loop**: in a copy of the repository, `npm run generate` right after a generate that rewrote the
 *   outputs, against one that hits the build cache, and `generate --watch` from saving an edit to the
 *   page rewritten (what a schema editor waits for between edits).
 * - **attributes**: stage 5, the attribute index (`indexAttributes`), in this process, on
 *   `--attribute-sizes` (default `seed,linux,5000,deep5000`): the schema goes through stages
 *   1, 2 and 4 once (`prepareMs`), then the stage runs `--runs` times (median `ms`): how many
 *   paths it lists, or, past `maxAttributes` (a deep DAG multiplies paths), that it refused the
 *   schema and how fast.
 *
 * Sizes: `seed` (schema/backend.schema.json), `linux` (the corpus's 58-definition Linux
 * schema), `N` (syntheticSchema(N): references two deep), `deepN` (deepSyntheticSchema(N):
 * a deep DAG). Synthetic schemas are deterministic: same size, same bytes, any machine.
 * Not a test: nothing passes or fails; it prints the figures and writes them as JSON
 * (guides/bench-results.json is one run; `npm run build:guides` makes its tables).
 * Each part is a module of scripts/dev/bench/ (with the options, the process runner and the
 * schemas they share); this module runs the parts asked for and writes their figures.
 *
 *   node dist/dev/bench.js [--runs 5] [--big-runs 2] [--big-from 5000] [--max-seconds 300] [--sizes seed,linux,100,1000,5000,deep100,deep1000,deep5000]
 *                          [--parts cases,peers,modules,npm,loop,attributes] [--attribute-sizes seed,linux,5000,deep5000] [--warm] [--warmup 1] [--out .bench/results.json]
 *   node dist/dev/bench.js --quick --out FILE     seed only, 1 run, no warm-up, no npm, one module timed (a smoke test; attributes of the seed)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { round, type StageRow } from "./bench-timings.js";
import { type AttributeRow, measureAttributes } from "./bench/attributes.js";
import { type CaseResult, caseLine, measureCase } from "./bench/cases.js";
import { measureModules } from "./bench/modules.js";
import { measureLoop } from "./bench/loop.js";
import { measureNpm } from "./bench/npm.js";
import { measurePeers } from "./bench/peers.js";
import { ATTRIBUTE_SIZES, BIG_FROM, BIG_RUNS, OUT, PARTS, RUNS, SIZES, WARMUP, WORK } from "./bench/options.js";
import { writePeakHook } from "./bench/run.js";

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  writePeakHook();
  const started = new Date();
  const loadBefore = loadavg()[0]!;
  console.log(
    `cws-docgen bench: ${started.toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(2)}; ${RUNS} runs (${BIG_RUNS} from ${BIG_FROM} definitions), median, after ${WARMUP} warm-up (none from ${BIG_FROM})\n`,
  );
  const cases: CaseResult[] = [];
  const stages: StageRow[] = [];
  if (PARTS.has("cases")) {
    for (const size of SIZES) {
      const { result, stageRow } = measureCase(size);
      cases.push(result);
      stages.push(stageRow);
      console.log(caseLine(result));
    }
  }
  const peers = PARTS.has("peers") ? measurePeers() : [];
  const modules = PARTS.has("modules") ? measureModules() : [];
  const npm = PARTS.has("npm") ? measureNpm() : [];
  const loop = PARTS.has("loop") ? await measureLoop() : [];
  const attributes: AttributeRow[] = [];
  if (PARTS.has("attributes")) for (const size of ATTRIBUTE_SIZES) attributes.push(await measureAttributes(size));
  const data = {
    date: started.toISOString(),
    command: ["node dist/dev/bench.js", ...process.argv.slice(2)].join(" "),
    machine: machine(),
    node: process.version,
    runs: RUNS,
    bigRuns: BIG_RUNS,
    bigFrom: BIG_FROM,
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
    ...(cases.length > 0 ? { cases, stages } : {}),
    ...(peers.length > 0 ? { peers } : {}),
    ...(modules.length > 0 ? { modules } : {}),
    ...(npm.length > 0 ? { npm } : {}),
    ...(loop.length > 0 ? { loop } : {}),
    ...(attributes.length > 0 ? { attributes } : {}),
  };
  mkdirSync(join(OUT, ".."), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`\nfigures written to ${OUT}`);
}

/** What the figures were measured on: they mean little without it. */
function machine(): { os: string; cpu: string; cores: number; memoryGiB: number } {
  return {
    os: `${type()} ${release()} ${arch()}`,
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

await main();
