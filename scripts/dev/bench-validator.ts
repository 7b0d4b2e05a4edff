/**
 * `npm run bench:validator`: validation throughput (events per second, median of
 * several runs) of the validator generated at build time (Ajv standalone code)
 * against Ajv compiling the same schema at run time, and what that compile costs.
 * The events are the hand-written ones of test/fixtures/events, valid as they
 * are, and invalid with one unknown property each.
 *
 *   node dist/dev/bench-validator.js [--runs 7] [--ms 300] [--json]
 *
 * Another benchmark can import `benchValidator` and `formatValidatorBench`; `benchValidatorCommand` is the command.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { schema, validate as generated } from "../../generated/backend-event.validator.js";
import { validateBackendEvent } from "../runtime/events.js";
import { PACKAGE_ROOT } from "../core/package-root.js";

interface Row {
  name: string;
  eventsPerSecond: { valid: number; invalid: number };
}

export interface ValidatorBench {
  events: number;
  runs: number;
  msPerRun: number;
  compileMs: number;
  rows: Row[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Events per second of one run of `check` over `inputs`, for at least `ms`. */
function oneRun(check: (v: unknown) => unknown, inputs: unknown[], ms: number): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const v of inputs) check(v);
    n += inputs.length;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (n / elapsed) * 1000;
}

/**
 * Events per second of each validator over `inputs`, median of `runs` runs. The
 * validators take turns run by run, so that a busy machine slows them alike.
 */
function throughputs(checks: ((v: unknown) => unknown)[], inputs: unknown[], runs: number, ms: number): number[] {
  for (const check of checks) for (let i = 0; i < 200; i++) for (const v of inputs) check(v); // warm-up: let the JIT settle
  const rates = checks.map(() => [] as number[]);
  for (let r = 0; r < runs; r++)
    checks.forEach((check, i) => {
      rates[i]!.push(oneRun(check, inputs, ms));
    });
  return rates.map((xs) => Math.round(median(xs)));
}

/** A fresh Ajv, set up as the build sets up the one that generates the code. */
async function compileAtRunTime(): Promise<(v: unknown) => boolean> {
  const Ajv04 = (await import("ajv-draft-04")).default.default;
  const addFormats = (await import("ajv-formats")).default.default;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema as object);
}

export async function benchValidator(runs = 7, ms = 300): Promise<ValidatorBench> {
  const dir = join(PACKAGE_ROOT, "test/fixtures/events");
  const valid: unknown[] = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith(".json")).sort())
    valid.push(JSON.parse(await readFile(join(dir, f), "utf8")));
  const invalid = valid.map((e) => ({ ...(e as object), hostname: "web-1" }));

  await compileAtRunTime(); // load the modules once, so that the compile time below is the compile alone
  const compiles: number[] = [];
  let runtime: ((v: unknown) => boolean) | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    runtime = await compileAtRunTime();
    compiles.push(performance.now() - start);
  }
  for (const v of [...valid, ...invalid]) {
    if (generated(v) !== runtime!(v))
      throw new Error("the generated validator and Ajv at run time disagree: the benchmark would compare different things");
  }
  const names = [
    "generated (Ajv standalone, build time)",
    "Ajv compiled at run time",
    "validateBackendEvent (generated + errors as pointers)",
  ];
  const checks = [generated, runtime!, validateBackendEvent];
  const onValid = throughputs(checks, valid, runs, ms);
  const onInvalid = throughputs(checks, invalid, runs, ms);
  return {
    events: valid.length,
    runs,
    msPerRun: ms,
    compileMs: Math.round(median(compiles) * 10) / 10,
    rows: names.map((name, i) => ({ name, eventsPerSecond: { valid: onValid[i]!, invalid: onInvalid[i]! } })),
  };
}

export function formatValidatorBench(b: ValidatorBench): string {
  const fmt = (n: number) => n.toLocaleString("en-US").padStart(12);
  const width = Math.max(...b.rows.map((r) => r.name.length));
  return [
    `validator throughput: ${b.events} hand-written events, median of ${b.runs} runs of ${b.msPerRun} ms (events/second)`,
    `  ${"".padEnd(width)} ${"valid".padStart(12)} ${"invalid".padStart(12)}`,
    ...b.rows.map((r) => `  ${r.name.padEnd(width)} ${fmt(r.eventsPerSecond.valid)} ${fmt(r.eventsPerSecond.invalid)}`),
    `  compiling the schema at run time (new Ajv + formats + compile): ${b.compileMs} ms, median of ${b.runs}; the generated validator needs none`,
    "",
  ].join("\n");
}

/** What the command prints for its arguments (`--runs`, `--ms`, `--json`): the figures, as a table or as JSON. */
export async function benchValidatorCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: "string", default: "7" }, ms: { type: "string", default: "300" }, json: { type: "boolean", default: false } },
  });
  const result = await benchValidator(Number(values.runs), Number(values.ms));
  return values.json ? `${JSON.stringify(result, null, 2)}\n` : formatValidatorBench(result);
}

// Run as a script; imported (by another benchmark, a test), it only exports.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(await benchValidatorCommand(process.argv.slice(2)));
