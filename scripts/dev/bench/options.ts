/** The bench's options (scripts/dev/bench.ts lists them), read once from the command line; `--quick` overrides most. */
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PACKAGE_ROOT } from "../../core/package-root.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "big-runs": { type: "string", default: "2" },
    "big-from": { type: "string", default: "5000" },
    sizes: { type: "string", default: "seed,linux,100,1000,5000,deep100,deep1000,deep5000" },
    parts: { type: "string", default: "cases,peers,modules,npm,loop,attributes" },
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
export const QUICK = args.quick === true;
export const RUNS = QUICK ? 1 : Math.max(1, Number(args.runs));
/** Runs for the cases of `--big-from` definitions or more (each of their runs is long). */
export const BIG_RUNS = QUICK ? 1 : Math.max(1, Number(args["big-runs"]));
export const BIG_FROM = Number(args["big-from"]);
export const WARMUP = QUICK ? 0 : Math.max(0, Number(args.warmup));
export const MODULE_RUNS = QUICK ? 1 : Math.max(1, Number(args["module-runs"] ?? RUNS));
export const SIZES = QUICK ? ["seed"] : args.sizes!.split(",").filter(Boolean);
export const PARTS = new Set(QUICK ? ["cases", "modules", "attributes"] : args.parts!.split(","));
export const ATTRIBUTE_SIZES = QUICK ? ["seed"] : args["attribute-sizes"]!.split(",").filter(Boolean);
/** A case whose first pair of runs says that its runs would take longer than this gets fewer (its `runs` says how many). */
export const BUDGET_S = Number(args["max-seconds"]);
export const WORK = resolve(PACKAGE_ROOT, args.work!);
export const OUT = isAbsolute(args.out!) ? args.out! : join(PACKAGE_ROOT, args.out!);
export const CLI = join(PACKAGE_ROOT, "dist/cli.js");
/** npm's command (a .cmd on Windows, which spawnSync runs only by that name). */
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** Also the warm build (cache filled) of each case (`--warm`; never with `--quick`). */
export const WARM = args.warm === true && !QUICK;
