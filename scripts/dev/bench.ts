/**
 * `npm run bench`: whole-process wall time and peak memory of
 *   - full:    our full build (page + types), cold (no cache)
 *   - warm:    our full build again with the build cache filled (what a re-run after no change costs)
 *   - page:    our page alone (`--no-types`)
 *   - json2ts: json-schema-to-typescript's own CLI on the same schema (the baseline)
 *   - floor:   start Node, parse the schema, stringify it, write it
 * on the seed schema and on synthetic schemas of 100, 1,000, 5,000 and 20,000
 * definitions, all in one run, each the median of N runs after one warm-up.
 * Ratios are to the baseline measured in the same run. Not a test: nothing here
 * passes or fails; it prints a table and writes the figures to a JSON file.
 *
 *   npm run bench -- [--runs 5] [--sizes seed,100,1000,5000,20000] [--out .bench/results.json]
 */
import { spawnSync } from "node:child_process";
import { arch, cpus, release, totalmem, type } from "node:os";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { syntheticSchema } from "./synthetic.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "seed,100,1000,5000,20000" },
    out: { type: "string", default: ".bench/results.json" },
    commands: { type: "string", default: "full,warm,page,json2ts,floor" },
    "max-seconds": { type: "string", default: "900" },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const WORK = join(PACKAGE_ROOT, ".bench");
const CLI = join(PACKAGE_ROOT, "dist/cli.js");
const JSON2TS = join(PACKAGE_ROOT, "node_modules/json-schema-to-typescript/dist/src/cli.js");
const PEAK = join(WORK, "peak.mjs");
/** A command whose warm-up alone takes longer than this gets fewer measured runs (noted in the table). */
const BUDGET_S = Number(args["max-seconds"]);

interface Measure {
  command: string;
  size: string;
  definitions: number;
  runs: number;
  medianSeconds: number | null;
  peakMiB: number | null;
  error?: string;
}

function main(): void {
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    PEAK,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
  writeFileSync(
    join(WORK, "floor.mjs"),
    "import { readFileSync, writeFileSync } from 'node:fs';\nconst [input, output] = process.argv.slice(2);\nwriteFileSync(output, JSON.stringify(JSON.parse(readFileSync(input, 'utf8')), null, 4));\n",
  );
  const commands = args.commands!.split(",");
  const results: Measure[] = [];
  console.log(
    `cws-docgen bench: ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${RUNS} runs each (median), after one warm-up\n`,
  );
  for (const size of args.sizes!.split(",")) {
    const dir = join(WORK, size);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const schema = join(dir, "schema.json");
    let definitions: number;
    if (size === "seed") {
      copyFileSync(join(PACKAGE_ROOT, "schema/backend.schema.json"), schema);
      definitions = Object.keys((JSON.parse(readFileSync(schema, "utf8")) as { definitions: object }).definitions).length;
    } else {
      definitions = Number(size);
      writeFileSync(schema, `${JSON.stringify(syntheticSchema(definitions), null, 4)}\n`);
    }
    const ours = [
      "generate",
      "--schema",
      schema,
      "--docs-out",
      join(dir, "page.md"),
      "--types-out",
      join(dir, "types.ts"),
      "--max-schema-size",
      "256",
    ];
    const argv: Record<string, string[]> = {
      full: [CLI, ...ours, "--no-cache"],
      warm: [CLI, ...ours],
      page: [CLI, ...ours, "--no-types", "--no-cache"],
      // --unreachableDefinitions: json2ts then emits every definition, as our build does (a like-for-like baseline).
      json2ts: [JSON2TS, "-i", schema, "-o", join(dir, "json2ts.ts"), "--unreachableDefinitions"],
      floor: [join(WORK, "floor.mjs"), schema, join(dir, "floor.json")],
    };
    for (const command of commands) {
      const m = measure(command, size, definitions, argv[command]!);
      results.push(m);
      const line = m.error
        ? `error: ${m.error}`
        : `${m.medianSeconds!.toFixed(3)} s, ${m.peakMiB!.toFixed(0)} MiB${m.runs < RUNS ? ` (${m.runs} runs)` : ""}`;
      console.log(`  ${size.padStart(6)} ${command.padEnd(8)} ${line}`);
    }
  }
  console.log(`\n${table(results)}`);
  mkdirSync(join(PACKAGE_ROOT, ".bench"), { recursive: true });
  writeFileSync(
    join(PACKAGE_ROOT, args.out!),
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), node: process.version, cores: cpus().length, runs: RUNS, results }, null, 2)}\n`,
  );
  console.log(`\nfigures written to ${args.out}`);
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

function runOnce(argv: string[], peakFile: string): { seconds: number; peakKiB: number; error?: string } {
  rmSync(peakFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", PEAK, ...argv], {
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let peakKiB = 0;
  try {
    peakKiB = Number(readFileSync(peakFile, "utf8"));
  } catch {
    /* the process died before its exit hook */
  }
  if (r.status !== 0)
    return { seconds, peakKiB, error: `exit ${r.status ?? r.signal}: ${(r.stderr || "").trim().split("\n").slice(-1)[0]}` };
  return { seconds, peakKiB };
}

function measure(command: string, size: string, definitions: number, argv: string[]): Measure {
  const peakFile = join(WORK, `peak-${process.pid}`);
  let warm = runOnce(argv, peakFile);
  // The first `warm` run fills the cache (it is a cold build): the budget comes from a second one.
  if (command === "warm" && !warm.error) warm = runOnce(argv, peakFile);
  if (warm.error) return { command, size, definitions, runs: 0, medianSeconds: null, peakMiB: null, error: warm.error };
  const runs = warm.seconds * RUNS > BUDGET_S ? Math.max(1, Math.floor(BUDGET_S / warm.seconds)) : RUNS;
  const times: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(argv, peakFile);
    if (r.error) return { command, size, definitions, runs: i, medianSeconds: null, peakMiB: null, error: r.error };
    times.push(r.seconds);
    peaks.push(r.peakKiB);
  }
  return { command, size, definitions, runs, medianSeconds: median(times), peakMiB: median(peaks) / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function table(results: Measure[]): string {
  const rows = [
    "| schema | definitions | command | median time | vs json2ts | peak memory | time per definition |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const m of results) {
    const base = results.find((b) => b.size === m.size && b.command === "json2ts");
    const ratio = m.medianSeconds !== null && base?.medianSeconds ? `${(m.medianSeconds / base.medianSeconds).toFixed(2)}x` : "n/a";
    const time =
      m.medianSeconds === null ? `failed (${m.error})` : `${m.medianSeconds.toFixed(3)} s${m.runs < RUNS ? ` (n=${m.runs})` : ""}`;
    const peak = m.peakMiB === null ? "n/a" : `${m.peakMiB.toFixed(0)} MiB`;
    const perDef = m.medianSeconds === null ? "n/a" : `${((m.medianSeconds / m.definitions) * 1000).toFixed(3)} ms`;
    rows.push(`| ${m.size} | ${m.definitions} | ${m.command} | ${time} | ${ratio} | ${peak} | ${perDef} |`);
  }
  return rows.join("\n");
}

main();
