/** The bench's `cases`: for each schema, our cold full build against json-schema-to-typescript's CLI, as whole processes. */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, parseTimings, round, stageRow, type StageRow } from "../bench-timings.js";
import { BIG_FROM, BIG_RUNS, BUDGET_S, CLI, RUNS, WARM, WARMUP, WORK } from "./options.js";
import { fileBytes, type Run, runOnce } from "./run.js";
import { prepareSchema } from "./schemas.js";

const JSON2TS = join(PACKAGE_ROOT, "node_modules/json-schema-to-typescript/dist/src/cli.js");

/** One schema: ours against json2ts, what each stage took, what it wrote. */
export interface CaseResult {
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

/** A case's result before it is measured, or when it fails: its schema, no figures. */
function emptyResult(size: string, definitions: number, schemaBytes: number): CaseResult {
  return {
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
}

/**
 * Ours and json2ts, each run `want` times, alternately (so that a change in the machine's load weighs
 * on both alike), after the warm-up; the first failure ends them. A big case has no warm-up (its runs
 * take seconds: a warm-up would cost a run's time for little), and, after its first pair of runs,
 * fewer runs when they would not fit in the budget.
 */
function runPairs(
  oursArgv: string[],
  json2tsArgv: string[],
  env: { peakFile: string },
  big: boolean,
): { ours: Run[]; theirs: Run[]; runs: number } | { error: string } {
  let want = big ? BIG_RUNS : RUNS;
  const budget = (a: Run, b: Run) => {
    if ((a.seconds + b.seconds) * want > BUDGET_S) want = Math.max(1, Math.floor(BUDGET_S / (a.seconds + b.seconds)));
  };
  for (let w = 0; w < (big ? 0 : WARMUP); w++) {
    const a = runOnce(process.execPath, oursArgv, env);
    if (a.error) return { error: `ours: ${a.error}` };
    const b = runOnce(process.execPath, json2tsArgv, env);
    if (b.error) return { error: `json2ts: ${b.error}` };
    budget(a, b);
  }
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < want; i++) {
    const a = runOnce(process.execPath, oursArgv, env);
    if (a.error) return { error: `ours: ${a.error}` };
    ours.push(a);
    const b = runOnce(process.execPath, json2tsArgv, env);
    if (b.error) return { error: `json2ts: ${b.error}` };
    theirs.push(b);
    if (i === 0 && big) budget(a, b);
  }
  return { ours, theirs, runs: want };
}

/** The warm build: the cache (in the case's folder) filled once, then `runs` runs; null when one fails. */
function measureWarm(argv: string[], dir: string, runs: number, env: { peakFile: string }): number | null {
  const cacheEnv = { ...env };
  process.env.CWS_DOCGEN_CACHE_DIR = join(dir, "cache");
  const fill = runOnce(process.execPath, argv, cacheEnv);
  const times: number[] = [];
  for (let i = 0; i < runs && !fill.error; i++) {
    const r = runOnce(process.execPath, argv, cacheEnv);
    if (r.error) break;
    times.push(r.seconds);
  }
  delete process.env.CWS_DOCGEN_CACHE_DIR;
  return times.length > 0 ? round(median(times), 3) : null;
}

/** One size's case: its schema written, ours against json2ts, the warm build when asked, each stage's medians, the outputs' sizes. */
export function measureCase(size: string): { result: CaseResult; stageRow: StageRow } {
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
  // Run from the package root: the page's title, template and root type come from its config.
  const env = { peakFile: join(WORK, `peak-${process.pid}`) };
  const empty = emptyResult(size, definitions, schemaBytes);

  const pairs = runPairs(oursCold, json2ts, env, definitions >= BIG_FROM);
  if ("error" in pairs) return { result: { ...empty, error: pairs.error }, stageRow: { case: size } };
  const { ours: oursRuns, theirs, runs } = pairs;
  const oursSeconds = median(oursRuns.map((r) => r.seconds));
  const json2tsSeconds = median(theirs.map((r) => r.seconds));
  const peaks = (rs: Run[]) => (rs.every((r) => r.peakMiB !== null) ? round(median(rs.map((r) => r.peakMiB!)), 0) : null);
  const warmSeconds = WARM ? measureWarm([CLI, ...ours, "--max-schema-size", "256"], dir, runs, env) : undefined;

  const timings = oursRuns.map((r) => parseTimings(r.stderr));
  const validatorBytes = fileBytes(validator);
  return {
    result: {
      ...empty,
      runs,
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
    stageRow: stageRow(size, timings),
  };
}

/** A case's line of the bench's output. */
export function caseLine(r: CaseResult): string {
  if (r.error) return `  ${r.case.padStart(9)}  error: ${r.error}`;
  return `  ${r.case.padStart(9)}  ours ${r.oursSeconds!.toFixed(3)} s ${r.oursPeakMiB} MiB, json2ts ${r.json2tsSeconds!.toFixed(3)} s ${r.json2tsPeakMiB} MiB: ${r.vsJson2ts}x; validator ${r.validatorPerSchemaByte}x the schema (n=${r.runs})`;
}
