/** The bench's `npm`: `npm run generate` against the CLI it runs, on the seed. */
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, round } from "../bench-timings.js";
import { CLI, RUNS, WARMUP, NPM } from "./options.js";
import { runOnce } from "./run.js";

export interface NpmRow {
  cache: string;
  npmRunGenerateSeconds: number;
  cliSeconds: number;
  ratio: number;
  /** `node scripts/dev/build.mjs --if-stale` alone, the build up to date: the staleness check. */
  buildIfStaleSeconds: number;
}

/**
 * `npm run generate` (build if stale, then the CLI, on the package's config: the seed)
 * against the CLI alone, cache warm and cold. Run in the package root: it writes the
 * package's own outputs, unchanged when they are current.
 */
export function measureNpm(): NpmRow[] {
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
      const a = runOnce(NPM, ["run", "-s", "generate", ...(extra.length > 0 ? ["--", ...extra] : [])]);
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
