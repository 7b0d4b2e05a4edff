/** Running a process for the bench: its wall time, its peak memory (a `node` process, through an exit hook), its stderr. */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { WORK } from "./options.js";

export interface Run {
  seconds: number;
  peakMiB: number | null;
  stderr: string;
  error?: string;
}

/** The hook a measured `node` process loads (`--import`): it writes the process's peak memory to `BENCH_PEAK_FILE` as it exits. */
const PEAK = join(WORK, "peak.mjs");

/** Writes the peak-memory hook into the bench's work folder (before any run). */
export function writePeakHook(): void {
  writeFileSync(
    PEAK,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
}

/** A file's size in bytes; null when there is no such file. */
export function fileBytes(path: string): number | null {
  return statSync(path, { throwIfNoEntry: false })?.size ?? null;
}

/** Runs a command once: `node` scripts under the peak-memory hook, anything else as is. */
export function runOnce(command: string, argv: string[], options: { cwd?: string; peakFile?: string } = {}): Run {
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
