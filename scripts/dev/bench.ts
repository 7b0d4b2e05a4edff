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
 * - **modules**: the load cost of each runtime dependency our stages import: the median
 *   wall time of a fresh `node` that only `import()`s it, minus that of a fresh `node`
 *   that imports nothing (and the `import()` alone, timed inside the process); and our
 *   bundle's entry (`node dist/cli.js --version`).
 * - **npm**: `npm run generate` on the seed (the README's command: build if stale, then
 *   the CLI) against `node dist/cli.js generate` directly, cache warm and cold.
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
 *
 *   node dist/dev/bench.js [--runs 5] [--big-runs 2] [--big-from 5000] [--max-seconds 300] [--sizes seed,linux,100,1000,5000,deep100,deep1000,deep5000]
 *                          [--parts cases,modules,npm,attributes] [--attribute-sizes seed,linux,5000,deep5000] [--warm] [--warmup 1] [--out .bench/results.json]
 *   node dist/dev/bench.js --quick --out FILE     seed only, 1 run, no warm-up, no npm, QUICK_MODULES only (a smoke test; attributes of the seed)
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, release, totalmem, type } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { deepSyntheticSchema, syntheticSchema } from "./synthetic.js";
import { median, parseTimings, round, stageRow, type StageRow } from "./bench-timings.js";
import { loadSchema } from "../stages/load.js";
import { dereferenceSchema } from "../stages/dereference.js";
import { indexDefinitions, pageAnchors } from "../stages/model.js";
import { indexAttributes, MAX_ATTRIBUTES } from "../stages/index-attributes.js";
import { DocgenError } from "../core/problems.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "big-runs": { type: "string", default: "2" },
    "big-from": { type: "string", default: "5000" },
    sizes: { type: "string", default: "seed,linux,100,1000,5000,deep100,deep1000,deep5000" },
    parts: { type: "string", default: "cases,modules,npm,attributes" },
    "attribute-sizes": { type: "string", default: "seed,linux,5000,deep5000" },
    warm: { type: "boolean", default: false },
    warmup: { type: "string", default: "1" },
    "module-runs": { type: "string" },
    out: { type: "string", default: ".bench/results.json" },
    work: { type: "string", default: ".bench" },
    "max-seconds": { type: "string", default: "300" },
    quick: { type: "boolean", default: false },
  },
});
const QUICK = args.quick === true;
const RUNS = QUICK ? 1 : Math.max(1, Number(args.runs));
/** Runs for the cases of `--big-from` definitions or more (a deep 5,000 takes about a minute a run, idle). */
const BIG_RUNS = QUICK ? 1 : Math.max(1, Number(args["big-runs"]));
const BIG_FROM = Number(args["big-from"]);
const WARMUP = QUICK ? 0 : Math.max(0, Number(args.warmup));
const MODULE_RUNS = QUICK ? 1 : Math.max(1, Number(args["module-runs"] ?? RUNS));
const SIZES = QUICK ? ["seed"] : args.sizes!.split(",").filter(Boolean);
const PARTS = new Set(QUICK ? ["cases", "modules", "attributes"] : args.parts!.split(","));
const ATTRIBUTE_SIZES = QUICK ? ["seed"] : args["attribute-sizes"]!.split(",").filter(Boolean);
/** A case whose first pair of runs says that its runs would take longer than this gets fewer (its `runs` says how many). */
const BUDGET_S = Number(args["max-seconds"]);
const WORK = resolve(PACKAGE_ROOT, args.work!);
const OUT = isAbsolute(args.out!) ? args.out! : join(PACKAGE_ROOT, args.out!);
const CLI = join(PACKAGE_ROOT, "dist/cli.js");
const JSON2TS = join(PACKAGE_ROOT, "node_modules/json-schema-to-typescript/dist/src/cli.js");
const PEAK = join(WORK, "peak.mjs");
const LINUX = "test/fixtures/corpus/backend_linux.schema.fb166104e0.json";
const SEED = "schema/backend.schema.json";

/**
 * The runtime dependencies our stages load, each timed alone, loaded as the stage loads
 * it: `import()`, or `require()` for those in REQUIRED. typescript is required by the
 * verify stage (stages/verify.ts) on every full build that is not a cache hit; its
 * time counts in the `validator` stage of `--timings`.
 */
const MODULES = [
  "commander",
  "jsonc-parser",
  "@apidevtools/json-schema-ref-parser",
  "ajv",
  "ajv-draft-04",
  "ajv-formats",
  "ajv/dist/standalone/index.js",
  "handlebars",
  "micromark",
  "micromark-extension-gfm-table",
  "micromark-extension-gfm-footnote",
  "json-schema-to-typescript",
  "prettier",
  "diff",
  "typescript",
];
/** The modules `--quick` times: one of each kind of stage library, and TypeScript (each is a Node process of its own). */
const QUICK_MODULES = ["commander", "ajv", "handlebars", "micromark", "json-schema-to-typescript", "typescript"];
const REQUIRED = new Set(["typescript"]);
const moduleLabel = (m: string): string => (REQUIRED.has(m) ? `${m} (require())` : m);

interface Run {
  seconds: number;
  peakMiB: number | null;
  stderr: string;
  error?: string;
}

/** One schema: ours against json2ts, what each stage took, what it wrote. */
interface CaseResult {
  case: string;
  definitions: number;
  schemaBytes: number;
  runs: number;
  oursSeconds: number | null;
  json2tsSeconds: number | null;
  /** ours / json2ts: under 1 is faster than the baseline. */
  vsJson2ts: number | null;
  oursPeakMiB: number | null;
  json2tsPeakMiB: number | null;
  /** The warm build (cache filled), when measured. */
  warmSeconds?: number | null;
  msPerDefinition: number | null;
  pageBytes: number | null;
  typesBytes: number | null;
  validatorBytes: number | null;
  validatorPerSchemaByte: number | null;
  error?: string;
}

interface ModuleLoad {
  module: string;
  /** Median wall time of `node -e "await import(m)"` minus that of the same without the import. */
  loadMs: number;
  /** Median time of the `import()` itself, timed inside the process. */
  importMs: number | null;
}

/** Stage 5 on one schema, in process. */
interface AttributeRow {
  case: string;
  definitions: number;
  /** Stages 1, 2 and 4, once, milliseconds. */
  prepareMs: number;
  /** The attribute paths listed; null when the schema was refused. */
  paths: number | null;
  /** Refused past `maxAttributes` (a DocgenError, exit 2). */
  refused: boolean;
  maxAttributes: number;
  /** Median time of the stage (to its refusal, when refused), milliseconds. */
  ms: number;
}

interface NpmRow {
  cache: string;
  npmRunGenerateSeconds: number;
  cliSeconds: number;
  ratio: number;
  /** `node scripts/dev/build.mjs --if-stale` alone, the build up to date: the staleness check. */
  buildIfStaleSeconds: number;
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    PEAK,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
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
  const modules = PARTS.has("modules") ? measureModules() : [];
  const npm = PARTS.has("npm") ? measureNpm() : [];
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
    ...(modules.length > 0 ? { modules } : {}),
    ...(npm.length > 0 ? { npm } : {}),
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

function fileBytes(path: string): number | null {
  return statSync(path, { throwIfNoEntry: false })?.size ?? null;
}

/** Runs a command once: `node` scripts under the peak-memory hook, anything else as is. */
function runOnce(command: string, argv: string[], options: { cwd?: string; peakFile?: string } = {}): Run {
  const node = command === process.execPath;
  if (options.peakFile) rmSync(options.peakFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(command, node && options.peakFile ? ["--import", PEAK, ...argv] : argv, {
    cwd: options.cwd ?? PACKAGE_ROOT,
    env: { ...process.env, ...(options.peakFile ? { BENCH_PEAK_FILE: options.peakFile } : {}) },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let peakMiB: number | null = null;
  if (options.peakFile) {
    try {
      peakMiB = Number(readFileSync(options.peakFile, "utf8")) / 1024;
    } catch {
      /* the process died before its exit hook */
    }
  }
  const stderr = r.stderr ?? "";
  if (r.status !== 0) {
    const last = (stderr || String(r.error ?? "")).trim().split("\n").slice(-1)[0];
    return { seconds, peakMiB, stderr, error: `exit ${r.status ?? r.signal}: ${last}` };
  }
  return { seconds, peakMiB, stderr };
}

/** Writes the case's schema into its directory; its number of definitions. */
function prepareSchema(size: string, schema: string): number {
  const count = (): number => {
    const value = JSON.parse(readFileSync(schema, "utf8")) as { definitions?: object; $defs?: object };
    return Object.keys(value.definitions ?? {}).length + Object.keys(value.$defs ?? {}).length;
  };
  if (size === "seed" || size === "linux") {
    copyFileSync(join(PACKAGE_ROOT, size === "seed" ? SEED : LINUX), schema);
    return count();
  }
  const deep = /^deep(\d+)$/.exec(size);
  const n = Number(deep ? deep[1] : size);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: unknown size ${JSON.stringify(size)} (seed, linux, N or deepN)`);
  writeFileSync(schema, `${JSON.stringify(deep ? deepSyntheticSchema(n) : syntheticSchema(n), null, 4)}\n`);
  return n;
}

function measureCase(size: string): { result: CaseResult; stageRow: StageRow } {
  const dir = join(WORK, size);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const schema = join(dir, "schema.json");
  const definitions = prepareSchema(size, schema);
  const schemaBytes = fileBytes(schema)!;
  const page = join(dir, "page.md");
  const types = join(dir, "types.ts");
  const validator = join(dir, "types.validator.ts");
  // The config's reference page ("backend"): its title, template and root type; its other page (the attributes page) is not built.
  const ours = [
    "generate",
    "--page",
    "backend",
    "--schema",
    schema,
    "--docs-out",
    page,
    "--types-out",
    types,
    "--validator-out",
    validator,
  ];
  const oursCold = [CLI, ...ours, "--max-schema-size", "256", "--no-cache", "--timings"];
  const json2ts = [JSON2TS, "-i", schema, "-o", join(dir, "json2ts.ts"), "--unreachableDefinitions"];
  const peakFile = join(WORK, `peak-${process.pid}`);
  // From the package root, as the old bench: the page's title, template and root type come from its config.
  const env = { peakFile };
  const empty: CaseResult = {
    case: size,
    definitions,
    schemaBytes,
    runs: 0,
    oursSeconds: null,
    json2tsSeconds: null,
    vsJson2ts: null,
    oursPeakMiB: null,
    json2tsPeakMiB: null,
    msPerDefinition: null,
    pageBytes: null,
    typesBytes: null,
    validatorBytes: null,
    validatorPerSchemaByte: null,
  };
  const failed = (error: string) => ({ result: { ...empty, error }, stageRow: { case: size } });

  const big = definitions >= BIG_FROM;
  let want = big ? BIG_RUNS : RUNS;
  /** After a first pair of runs: fewer runs when they would not fit in the budget. */
  const budget = (a: Run, b: Run) => {
    if ((a.seconds + b.seconds) * want > BUDGET_S) want = Math.max(1, Math.floor(BUDGET_S / (a.seconds + b.seconds)));
  };
  // A big case has no warm-up (its runs take seconds: a warm-up would cost a run's time for little).
  for (let w = 0; w < (big ? 0 : WARMUP); w++) {
    const a = runOnce(process.execPath, oursCold, env);
    if (a.error) return failed(`ours: ${a.error}`);
    const b = runOnce(process.execPath, json2ts, env);
    if (b.error) return failed(`json2ts: ${b.error}`);
    budget(a, b);
  }
  const oursRuns: Run[] = [];
  const theirs: Run[] = [];
  // Alternately, so that a change in the machine's load weighs on both alike.
  for (let i = 0; i < want; i++) {
    const a = runOnce(process.execPath, oursCold, env);
    if (a.error) return failed(`ours: ${a.error}`);
    oursRuns.push(a);
    const b = runOnce(process.execPath, json2ts, env);
    if (b.error) return failed(`json2ts: ${b.error}`);
    theirs.push(b);
    if (i === 0 && big) budget(a, b);
  }
  const oursSeconds = median(oursRuns.map((r) => r.seconds));
  const json2tsSeconds = median(theirs.map((r) => r.seconds));
  const peaks = (rs: Run[]) => (rs.every((r) => r.peakMiB !== null) ? round(median(rs.map((r) => r.peakMiB!)), 0) : null);

  let warmSeconds: number | null | undefined;
  if (args.warm && !QUICK) {
    const warmArgv = [CLI, ...ours, "--max-schema-size", "256"];
    const cacheEnv = { ...env };
    process.env.CWS_DOCGEN_CACHE_DIR = join(dir, "cache");
    const fill = runOnce(process.execPath, warmArgv, cacheEnv);
    const times: number[] = [];
    for (let i = 0; i < want && !fill.error; i++) {
      const r = runOnce(process.execPath, warmArgv, cacheEnv);
      if (r.error) break;
      times.push(r.seconds);
    }
    delete process.env.CWS_DOCGEN_CACHE_DIR;
    warmSeconds = times.length > 0 ? round(median(times), 3) : null;
  }

  const timings = oursRuns.map((r) => parseTimings(r.stderr));
  const medians = stageRow(size, timings);
  const validatorBytes = fileBytes(validator);
  return {
    result: {
      ...empty,
      runs: want,
      oursSeconds: round(oursSeconds, 3),
      json2tsSeconds: round(json2tsSeconds, 3),
      vsJson2ts: round(oursSeconds / json2tsSeconds, 2),
      oursPeakMiB: peaks(oursRuns),
      json2tsPeakMiB: peaks(theirs),
      ...(warmSeconds !== undefined ? { warmSeconds } : {}),
      msPerDefinition: definitions > 0 ? round((oursSeconds / definitions) * 1000, 3) : null,
      pageBytes: fileBytes(page),
      typesBytes: fileBytes(types),
      validatorBytes,
      validatorPerSchemaByte: validatorBytes === null ? null : round(validatorBytes / schemaBytes, 2),
    },
    stageRow: medians,
  };
}

function caseLine(r: CaseResult): string {
  if (r.error) return `  ${r.case.padStart(9)}  error: ${r.error}`;
  return `  ${r.case.padStart(9)}  ours ${r.oursSeconds!.toFixed(3)} s ${r.oursPeakMiB} MiB, json2ts ${r.json2tsSeconds!.toFixed(3)} s ${r.json2tsPeakMiB} MiB: ${r.vsJson2ts}x; validator ${r.validatorPerSchemaByte}x the schema (n=${r.runs})`;
}

/** Stage 5 on one size's schema, in this process: stages 1, 2 and 4 once, then the stage `RUNS` times. */
async function measureAttributes(size: string): Promise<AttributeRow> {
  const dir = join(WORK, `attributes-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const schema = join(dir, "schema.json");
  const definitions = prepareSchema(size, schema);
  const t0 = performance.now();
  const maxBytes = 256 * 2 ** 20;
  const resolved = await dereferenceSchema(await loadSchema(schema, maxBytes), maxBytes);
  const index = indexDefinitions(resolved);
  const anchors = pageAnchors(index).definitions;
  const prepareMs = performance.now() - t0;
  const times: number[] = [];
  let paths: number | null = null;
  let refused = false;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    try {
      paths = indexAttributes(resolved, index, anchors).attributes.length;
    } catch (err) {
      if (!(err instanceof DocgenError)) throw err;
      refused = true;
    }
    times.push(performance.now() - start);
  }
  const row: AttributeRow = {
    case: size,
    definitions,
    prepareMs: round(prepareMs, 1),
    paths: refused ? null : paths,
    refused,
    maxAttributes: MAX_ATTRIBUTES,
    ms: round(median(times), 1),
  };
  console.log(
    `  attributes ${size.padStart(9)}: ${refused ? `refused past ${MAX_ATTRIBUTES.toLocaleString("en-US")} paths` : `${paths} paths`} in ${row.ms} ms (stages 1-4: ${row.prepareMs} ms)`,
  );
  return row;
}

/** A fresh `node` that loads `specifier` (or nothing) and prints how long the `import()` (or `require()`) took. */
function importOnce(specifier: string | null): { seconds: number; importMs: number | null; error?: string } {
  const load =
    specifier === null
      ? ""
      : REQUIRED.has(specifier)
        ? `(await import("node:module")).createRequire(process.cwd() + "/")(${JSON.stringify(specifier)});`
        : `await import(${JSON.stringify(specifier)});`;
  // The empty process runs the same code, the load left out (node:module is built in: no time to speak of).
  const code = `const t = performance.now(); ${load} console.log(performance.now() - t);`;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: PACKAGE_ROOT, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) return { seconds, importMs: null, error: (r.stderr ?? "").trim().split("\n")[0] };
  return { seconds, importMs: Number(r.stdout.trim()) };
}

function measureModules(): ModuleLoad[] {
  const modules = QUICK ? MODULES.filter((m) => QUICK_MODULES.includes(m)) : MODULES;
  const specifiers: (string | null)[] = [null, ...modules];
  const walls = new Map<string | null, number[]>(specifiers.map((s) => [s, []]));
  const inside = new Map<string | null, number[]>(specifiers.map((s) => [s, []]));
  const entry: number[] = [];
  // Round-robin, so that the empty baseline sees the same load as the modules.
  for (let i = 0; i < MODULE_RUNS + WARMUP; i++) {
    for (const s of specifiers) {
      const r = importOnce(s);
      if (r.error) throw new Error(`bench: import(${s}) failed: ${r.error}`);
      if (i < WARMUP) continue;
      walls.get(s)!.push(r.seconds * 1000);
      if (r.importMs !== null) inside.get(s)!.push(r.importMs);
    }
    const v = runOnce(process.execPath, [CLI, "--version"]);
    if (v.error) throw new Error(`bench: dist/cli.js --version failed: ${v.error}`);
    if (i >= WARMUP) entry.push(v.seconds * 1000);
  }
  const base = median(walls.get(null)!);
  const rows: ModuleLoad[] = modules.map((m) => ({
    module: moduleLabel(m),
    loadMs: round(median(walls.get(m)!) - base, 1),
    importMs: round(median(inside.get(m)!), 1),
  }));
  rows.push({ module: "node dist/cli.js --version (our bundle's entry)", loadMs: round(median(entry) - base, 1), importMs: null });
  rows.push({ module: "(node itself: the empty process subtracted above)", loadMs: round(base, 1), importMs: null });
  for (const r of rows) console.log(`  ${r.module.padEnd(50)} ${r.loadMs.toFixed(1).padStart(8)} ms`);
  return rows;
}

/**
 * `npm run generate` (build if stale, then the CLI, on the package's config: the seed)
 * against the CLI alone, cache warm and cold. Run in the package root: it writes the
 * package's own outputs, unchanged when they are current.
 */
function measureNpm(): NpmRow[] {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const rows: NpmRow[] = [];
  const build = runOnce(process.execPath, [join(PACKAGE_ROOT, "scripts/dev/build.mjs"), "--if-stale"]);
  if (build.error) throw new Error(`bench: the build failed: ${build.error}`);
  for (const [cache, extra] of [
    ["warm", []],
    ["cold", ["--no-cache"]],
  ] as const) {
    const npmTimes: number[] = [];
    const cliTimes: number[] = [];
    const buildTimes: number[] = [];
    for (let i = 0; i < RUNS + Math.max(1, WARMUP); i++) {
      const a = runOnce(npm, ["run", "-s", "generate", ...(extra.length > 0 ? ["--", ...extra] : [])]);
      if (a.error) throw new Error(`bench: npm run generate failed: ${a.error}`);
      const b = runOnce(process.execPath, [CLI, "generate", ...extra]);
      if (b.error) throw new Error(`bench: dist/cli.js generate failed: ${b.error}`);
      const s = runOnce(process.execPath, [join(PACKAGE_ROOT, "scripts/dev/build.mjs"), "--if-stale"]);
      if (s.error) throw new Error(`bench: the build failed: ${s.error}`);
      if (i < Math.max(1, WARMUP)) continue; // the first fills the cache
      npmTimes.push(a.seconds);
      cliTimes.push(b.seconds);
      buildTimes.push(s.seconds);
    }
    const n = median(npmTimes);
    const c = median(cliTimes);
    rows.push({
      cache,
      npmRunGenerateSeconds: round(n, 3),
      cliSeconds: round(c, 3),
      ratio: round(n / c, 2),
      buildIfStaleSeconds: round(median(buildTimes), 3),
    });
    console.log(`  npm run generate, cache ${cache}: ${n.toFixed(3)} s against ${c.toFixed(3)} s: ${(n / c).toFixed(2)}x`);
  }
  return rows;
}

await main();
