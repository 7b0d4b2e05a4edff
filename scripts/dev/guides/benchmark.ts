/** The `benchmark` region (guides/performance.md): the tables of the bench's JSON (scripts/dev/bench.ts --out). */
import { mdText } from "../../core/markdown.js";
import { cell, code } from "./markdown.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One value in a table cell: numbers with at most 3 decimals, as written (no padding zeros). */
function valueCell(v: Json | undefined): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
  if (typeof v === "string") return cell(mdText(v));
  if (typeof v === "boolean") return String(v);
  return cell(code(JSON.stringify(v)));
}

/** Titles for the tables scripts/dev/bench.ts writes; any other list of rows is titled with its key. */
const BENCH_TABLES: Readonly<Record<string, string>> = {
  cases:
    "Cold full build (`generate --no-cache`: page, types, validator) against json-schema-to-typescript's CLI (`--unreachableDefinitions`), seconds, MiB (peak RSS), bytes",
  stages: "Where our cold build spends its time: `--timings`, milliseconds (`process`: Node's wall time, module loading included)",
  peers:
    "Our cold full build against the chains of peer tools a user would script for the same outputs (their processes one after another, times added), alternating: seconds, and ours / the chain's, the median of the pairs with its least and greatest",
  modules:
    "Module-load costs, milliseconds: a fresh `node` that imports the module, minus one that imports nothing (`importMs`: the `import()` alone, timed inside)",
  npm: "`npm run generate` (the build up to date) against `node dist/cli.js generate` on the seed, seconds",
  loop: "The edit-generate loop in a copy of the repository: `npm run generate` right after a generate that rewrote the outputs, against one that hits the build cache; `generate --watch` from saving an edit to the page rewritten; seconds",
  attributes:
    "Stage 5, the attribute index, in process: paths listed, or refused past `maxAttributes`; milliseconds (`prepareMs`: stages 1, 2 and 4, once)",
};

/** One table: a column per key any row has (in order of first appearance), plus `vs json2ts` for the bench's old rows. */
function rowsTable(rows: Record<string, Json>[]): string[] {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const ratio =
    columns.includes("command") && columns.includes("size") && columns.includes("medianSeconds")
      ? (r: Record<string, Json>): string => {
          const base = rows.find((b) => b.size === r.size && b.command === "json2ts");
          const a = r.medianSeconds;
          const b = base?.medianSeconds;
          return typeof a === "number" && typeof b === "number" && b > 0 ? `${(a / b).toFixed(2)}x` : "—";
        }
      : undefined;
  const header = [...columns, ...(ratio ? ["vs json2ts"] : [])];
  const out = [`| ${header.map((c) => cell(mdText(c))).join(" | ")} |`];
  out.push(`| ${header.map((c) => (c === "vs json2ts" || rows.some((r) => typeof r[c] === "number") ? "---:" : "---")).join(" | ")} |`);
  for (const r of rows) out.push(`| ${[...columns.map((c) => valueCell(r[c])), ...(ratio ? [ratio(r)] : [])].join(" | ")} |`);
  return out;
}

/**
 * The tables of a bench result file: a line saying when and on what (every value that
 * is not a list of rows), then one table per list of rows, titled (when there are
 * several), one row per entry, one column per key. Tolerant by design: it renders what
 * the file holds, whatever shape the bench gives it next.
 */
export function benchmarkTable(jsonText: string): string {
  const data = JSON.parse(jsonText) as Json;
  const top = isRecord(data) ? data : { results: data };
  const isRows = (v: Json | undefined): v is Record<string, Json>[] => Array.isArray(v) && v.every(isRecord);
  const lists = Object.keys(top).filter((k) => isRows(top[k]));

  const about: string[] = [];
  for (const [key, value] of Object.entries(top)) {
    if (lists.includes(key)) continue;
    if (isRecord(value)) {
      about.push(
        `${mdText(key)}: ${Object.entries(value)
          .map(([k, v]) => `${mdText(k)} ${valueCell(v)}`)
          .join(", ")}`,
      );
    } else {
      about.push(`${mdText(key)}: ${valueCell(value)}`);
    }
  }

  const out = [`Measured with ${about.join("; ")}.`, ""];
  const tables = lists.filter((k) => (top[k] as Json[]).length > 0);
  if (tables.length === 0) return [...out, "(the file holds no results)"].join("\n");
  for (const key of tables) {
    if (tables.length > 1) out.push(`**${BENCH_TABLES[key] ?? mdText(key)}**`, "");
    out.push(...rowsTable(top[key] as Record<string, Json>[]), "");
  }
  return out.join("\n").trimEnd();
}
