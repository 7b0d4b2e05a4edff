/**
 * The bench's `loop`: where a schema editor waits, in a copy of the repository (its sources, config,
 * schema, templates and outputs; node_modules linked): `npm run generate` right after a generate that
 * rewrote the outputs (an edit of a description, then its undoing), against `npm run generate` that
 * hits the build cache.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, round } from "../bench-timings.js";
import { RUNS, WARMUP, WORK } from "./options.js";
import { runOnce } from "./run.js";

export interface LoopRow {
  case: string;
  seconds: number;
  cacheHitSeconds: number;
  ratio: number;
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

export function measureLoop(): LoopRow[] {
  const repo = join(WORK, "loop-repository");
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  for (const f of REPOSITORY) cpSync(join(PACKAGE_ROOT, f), join(repo, f), { recursive: true });
  symlinkSync(join(PACKAGE_ROOT, "node_modules"), join(repo, "node_modules"), "dir");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const generate = () => {
    const r = runOnce(npm, ["run", "-s", "generate"], { cwd: repo });
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
  ];
}
