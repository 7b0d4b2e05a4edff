/** The bench's reading of `--timings`: each run's stage lines, and a case's row of medians per stage. */
import { STAGES } from "../pipeline/stages.js";

/** The medians of `--timings`, in milliseconds, one row per case. */
export interface StageRow {
  case: string;
  [stage: string]: string | number | null;
}

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The stage lines of `--timings` (scripts/cli/main.ts formatTimings), in milliseconds; `sum` left out. */
export function parseTimings(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  const at = stderr.indexOf("timings:\n");
  if (at === -1) return out;
  for (const line of stderr.slice(at).split("\n").slice(1)) {
    const m = /^ {2}(\S+)\s+(-?\d+(?:\.\d+)?) ms/.exec(line);
    if (!m) break;
    if (m[1] !== "sum") out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * A case's row: each stage's median over the runs (`timings`, one per run), to a tenth of a millisecond, in the
 * pipeline's order (scripts/pipeline/stages.ts); a name the pipeline does not list after them, and `process` last.
 */
export function stageRow(name: string, timings: Record<string, number>[]): StageRow {
  const known: readonly string[] = STAGES;
  const row: StageRow = { case: name };
  for (const stage of [...known, ...Object.keys(timings[0] ?? {}).filter((s) => !known.includes(s) && s !== "process"), "process"]) {
    const xs = timings.map((t) => t[stage]).filter((x): x is number => typeof x === "number");
    if (xs.length > 0) row[stage] = round(median(xs), 1);
  }
  return row;
}
