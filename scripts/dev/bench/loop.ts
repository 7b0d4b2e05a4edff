/**
 * The bench's `loop`: where a schema editor waits, in a copy of the repository (its sources, config,
 * schema, templates and outputs; node_modules linked): `npm run generate` right after a generate that
 * rewrote the outputs (an edit of a description, then its undoing), against `npm run generate` that
 * hits the build cache; and `generate --watch` there, from saving an edit of the schema to the page
 * rewritten (the repository's config: the reference page, the attributes page, the events package).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, round } from "../bench-timings.js";
import { RUNS, WARMUP, WORK, NPM } from "./options.js";
import { runOnce } from "./run.js";

export interface LoopRow {
  case: string;
  seconds: number;
  cacheHitSeconds?: number;
  ratio?: number;
}

/** What a copy of the repository needs to build and run `npm run generate`. */
const REPOSITORY = [
  "scripts",
  "templates",
  "schema",
  "generated",
  "docs",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "cws-docgen.config.json",
  "config.schema.json",
];

export async function measureLoop(): Promise<LoopRow[]> {
  const repo = join(WORK, "loop-repository");
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  for (const f of REPOSITORY) cpSync(join(PACKAGE_ROOT, f), join(repo, f), { recursive: true });
  symlinkSync(join(PACKAGE_ROOT, "node_modules"), join(repo, "node_modules"), "dir");
  const generate = () => {
    const r = runOnce(NPM, ["run", "-s", "generate"], { cwd: repo });
    if (r.error) throw new Error(`bench: npm run generate failed in the copy: ${r.error}`);
    return r.seconds;
  };
  const schema = join(repo, "schema/backend.schema.json");
  const original = readFileSync(schema, "utf8");
  generate();
  const after: number[] = [];
  const hit: number[] = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    writeFileSync(schema, original.replace('"description": "', `"description": "Edit ${i}. `));
    generate();
    writeFileSync(schema, original);
    generate();
    const a = generate();
    const h = generate();
    if (i < WARMUP) continue;
    after.push(a);
    hit.push(h);
  }
  const watch = await measureWatch(repo, schema, original);
  rmSync(repo, { recursive: true, force: true });
  const [a, h] = [median(after), median(hit)];
  console.log(
    `  npm run generate after a generate that rewrote the outputs: ${a.toFixed(3)} s against a cache hit's ${h.toFixed(3)} s: ${(a / h).toFixed(2)}x`,
  );
  return [
    {
      case: "npm run generate after a generate that rewrote the outputs",
      seconds: round(a, 3),
      cacheHitSeconds: round(h, 3),
      ratio: round(a / h, 2),
    },
    { case: "generate --watch: from saving an edit of the schema to the page rewritten", seconds: round(watch, 3) },
  ];
}

/** The median time from writing an edit of `schema` to the reference page rewritten, in a watch started in `repo`. */
async function measureWatch(repo: string, schema: string, original: string): Promise<number> {
  const page = join(repo, "docs/backend.md");
  const child = spawn(process.execPath, [join(repo, "dist/cli.js"), "generate", "--watch"], {
    cwd: repo,
    stdio: ["ignore", "pipe", "ignore"],
  });
  let printed = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (printed += s));
  try {
    while (!printed.includes("watching")) {
      if (child.exitCode !== null) throw new Error(`bench: the watch ended: ${printed}`);
      await sleep(20);
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS + WARMUP + 2; i++) {
      await sleep(400);
      const before = readFileSync(page, "utf8");
      const start = performance.now();
      writeFileSync(schema, original.replace('"description": "', `"description": "Watched edit ${i}. `));
      while (readFileSync(page, "utf8") === before) await sleep(2);
      // The first rebuilds load what the first build did not need.
      if (i >= WARMUP + 2) times.push((performance.now() - start) / 1000);
    }
    const m = median(times);
    console.log(`  generate --watch, from saving an edit to the page rewritten: ${m.toFixed(3)} s`);
    return m;
  } finally {
    child.kill("SIGINT");
    writeFileSync(schema, original);
  }
}
