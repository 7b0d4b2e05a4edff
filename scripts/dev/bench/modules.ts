/** The bench's `modules`: the load cost of each runtime dependency our stages import, each in a fresh `node`. */
import { spawnSync } from "node:child_process";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, round } from "../bench-timings.js";
import { CLI, MODULE_RUNS, QUICK, WARMUP } from "./options.js";
import { runOnce } from "./run.js";

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
/** The module `--quick` times (a smoke test of the part: each module is a Node process of its own, beside the empty one). */
const QUICK_MODULES = ["commander"];
const REQUIRED = new Set(["typescript"]);
const moduleLabel = (m: string): string => (REQUIRED.has(m) ? `${m} (require())` : m);

/** The modules the part times: every one of MODULES, or QUICK_MODULES alone with `quick`. */
const modulesTimed = (quick: boolean): string[] => (quick ? MODULES.filter((m) => QUICK_MODULES.includes(m)) : MODULES);

/** The rows the part gives its modules, by name (its two last rows, the bundle's entry and `node` itself, aside). */
export function timedModules(quick: boolean): string[] {
  return modulesTimed(quick).map(moduleLabel);
}

export interface ModuleLoad {
  module: string;
  /** Median wall time of `node -e "await import(m)"` minus that of the same without the import. */
  loadMs: number;
  /** Median time of the `import()` itself, timed inside the process. */
  importMs: number | null;
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

export function measureModules(): ModuleLoad[] {
  const modules = modulesTimed(QUICK);
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
