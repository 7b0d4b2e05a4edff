/**
 * The bench's `peers`: our cold full build (`generate --no-cache`: page, types, validator) against what a
 * user would script for the same outputs with the tools of this field, each chain's processes run one
 * after another and their times added: json-schema-to-typescript alone (the types); the light chain,
 * json2ts + jsonschema2mk (one Markdown page) + ajv-cli (a standalone validator); the core chain, json2ts +
 * @adobe/jsonschema2md (a page per schema part) + ajv-cli, up to 1,000 definitions (past that it takes
 * minutes); json2ts + ajv-cli from 5,000. Ours and each chain alternate, `--runs` pairs after the warm-up;
 * the ratio is ours / the chain's, pair by pair, its median and spread. The peers are installed from
 * scripts/dev/bench/peers/ (its own lock file) into the bench's work folder, never into cws-docgen's.
 * What the peers need of a schema: jsonschema2md an `$id`; ajv-cli, whose Ajv has no draft-04, the
 * schema without its top-level `$schema` (read as draft-07).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { median, round } from "../bench-timings.js";
import { BIG_FROM, BIG_RUNS, CLI, RUNS, SIZES, WARMUP, WORK, NPM } from "./options.js";
import { runOnce } from "./run.js";
import { prepareSchema } from "./schemas.js";

const JSON2TS = join(PACKAGE_ROOT, "node_modules/json-schema-to-typescript/dist/src/cli.js");
const PEERS = join(WORK, "peers");

export interface PeerRow {
  case: string;
  definitions: number;
  chain: string;
  runs: number;
  oursSeconds: number;
  chainSeconds: number;
  /** ours / the chain, the median of the pairs' ratios, and their least and greatest. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
}

/** Installs the peers (npm ci from their lock file) unless the work folder holds that lock's install already. */
function installPeers(): void {
  const lock = readFileSync(join(PACKAGE_ROOT, "scripts/dev/bench/peers/package-lock.json"), "utf8");
  const installed = join(PEERS, "node_modules/.package-lock.json");
  if (existsSync(installed) && readFileSync(join(PEERS, "package-lock.json"), "utf8") === lock) return;
  mkdirSync(PEERS, { recursive: true });
  copyFileSync(join(PACKAGE_ROOT, "scripts/dev/bench/peers/package.json"), join(PEERS, "package.json"));
  writeFileSync(join(PEERS, "package-lock.json"), lock);
  const r = runOnce(NPM, ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: PEERS });
  if (r.error) throw new Error(`bench: installing the peers failed: ${r.error}`);
}

type Step = string[];

/** The chains a user would script at this size, each a list of `node` command lines. */
function chains(dir: string, definitions: number): Record<string, Step[]> {
  const bin = (path: string) => join(PEERS, "node_modules", path);
  const json2ts: Step = [JSON2TS, "-i", join(dir, "schema.json"), "-o", join(dir, "json2ts.ts"), "--unreachableDefinitions"];
  const mk: Step = [bin("jsonschema2mk/cli.js"), "--schema", join(dir, "schema.json")];
  const md: Step = [bin("@adobe/jsonschema2md/cli.js"), "-d", join(dir, "md-in"), "-o", join(dir, "md-out"), "-x", "-", "-n", "-e", "json"];
  const ajv: Step = [
    bin("ajv-cli/dist/index.js"),
    "compile",
    "-s",
    join(dir, "ajv.json"),
    "-o",
    join(dir, "ajv.js"),
    "--strict=false",
    "-c",
    "ajv-formats",
  ];
  const out: Record<string, Step[]> = { json2ts: [json2ts], "json2ts + jsonschema2mk + ajv-cli": [json2ts, mk, ajv] };
  if (definitions <= 1000) out["json2ts + jsonschema2md + ajv-cli"] = [json2ts, md, ajv];
  if (definitions >= 5000) out["json2ts + ajv-cli"] = [json2ts, ajv];
  return out;
}

/** The schema as each peer takes it: with an `$id` for jsonschema2md, without the top-level `$schema` for ajv-cli. */
function peerSchemas(dir: string): void {
  const schema = JSON.parse(readFileSync(join(dir, "schema.json"), "utf8")) as Record<string, unknown>;
  mkdirSync(join(dir, "md-in"), { recursive: true });
  writeFileSync(join(dir, "md-in/schema.json"), JSON.stringify({ ...schema, $id: "https://example.com/schema.json" }));
  const { $schema: _draft, ...rest } = schema;
  writeFileSync(join(dir, "ajv.json"), JSON.stringify(rest));
}

/** A chain's time: its steps run one after another, their times added; the first step that fails ends it. */
function chainSeconds(steps: Step[]): { seconds: number } | { error: string } {
  let seconds = 0;
  for (const step of steps) {
    const r = runOnce(process.execPath, step, { cwd: PEERS });
    if (r.error) return { error: `${step[0]}: ${r.error}` };
    seconds += r.seconds;
  }
  return { seconds };
}

export function measurePeers(): PeerRow[] {
  installPeers();
  const rows: PeerRow[] = [];
  for (const size of SIZES) {
    const dir = join(WORK, `peers-${size}`);
    mkdirSync(dir, { recursive: true });
    const definitions = prepareSchema(size, join(dir, "schema.json"));
    peerSchemas(dir);
    // As the cases run it: the config's reference page ("backend"), its schema and outputs replaced.
    const ours = [CLI, "generate", "--page", "backend", "--no-cache", "--max-schema-size", "256", "--schema", join(dir, "schema.json")];
    ours.push("--docs-out", join(dir, "page.md"), "--types-out", join(dir, "types.ts"), "--validator-out", join(dir, "types.validator.ts"));
    const big = definitions >= BIG_FROM;
    for (const [chain, steps] of Object.entries(chains(dir, definitions))) {
      const pairs: { ours: number; theirs: number }[] = [];
      let failed: string | undefined;
      for (let i = 0; i < (big ? BIG_RUNS : RUNS + WARMUP) && failed === undefined; i++) {
        const a = runOnce(process.execPath, ours);
        const b = chainSeconds(steps);
        if (a.error) failed = `ours: ${a.error}`;
        else if ("error" in b) failed = b.error;
        else if (big || i >= WARMUP) pairs.push({ ours: a.seconds, theirs: b.seconds });
      }
      if (failed !== undefined || pairs.length === 0) {
        console.log(`  ${size}, against ${chain}: ${failed ?? "no run"}`);
        continue;
      }
      const ratios = pairs.map((p) => p.ours / p.theirs);
      const row: PeerRow = {
        case: size,
        definitions,
        chain,
        runs: pairs.length,
        oursSeconds: round(median(pairs.map((p) => p.ours)), 3),
        chainSeconds: round(median(pairs.map((p) => p.theirs)), 3),
        ratio: round(median(ratios), 2),
        ratioMin: round(Math.min(...ratios), 2),
        ratioMax: round(Math.max(...ratios), 2),
      };
      rows.push(row);
      console.log(
        `  ${size}: ours ${row.oursSeconds} s against ${chain} ${row.chainSeconds} s: ${row.ratio}x (${row.ratioMin}–${row.ratioMax})`,
      );
    }
  }
  return rows;
}
