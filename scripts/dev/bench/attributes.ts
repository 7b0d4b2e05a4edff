/** The bench's `attributes`: stage 5, the attribute index, in this process. */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DocgenError } from "../../core/problems.js";
import { dereferenceSchema } from "../../stages/dereference.js";
import { indexAttributes, MAX_ATTRIBUTES } from "../../stages/index-attributes.js";
import { loadSchema } from "../../stages/load.js";
import { indexDefinitions, pageAnchors } from "../../stages/model.js";
import { median, round } from "../bench-timings.js";
import { RUNS, WORK } from "./options.js";
import { prepareSchema } from "./schemas.js";

/** Stage 5 on one schema, in process. */
export interface AttributeRow {
  case: string;
  definitions: number;
  /** Stages 1, 2 and 4, once, milliseconds. */
  prepareMs: number;
  /** The attribute paths listed; null when the schema was refused. */
  paths: number | null;
  /** Refused past `maxAttributes` (a DocgenError, exit 2). */
  refused: boolean;
  maxAttributes: number;
  /** Median time of the stage (to its refusal, when refused), milliseconds. */
  ms: number;
}

/** Stage 5 on one size's schema, in this process: stages 1, 2 and 4 once, then the stage `RUNS` times. */
export async function measureAttributes(size: string): Promise<AttributeRow> {
  const dir = join(WORK, `attributes-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const schema = join(dir, "schema.json");
  const definitions = prepareSchema(size, schema);
  const t0 = performance.now();
  const maxBytes = 256 * 2 ** 20;
  const resolved = await dereferenceSchema(await loadSchema(schema, maxBytes), maxBytes);
  const index = indexDefinitions(resolved);
  const anchors = pageAnchors(index).definitions;
  const prepareMs = performance.now() - t0;
  const times: number[] = [];
  let paths: number | null = null;
  let refused = false;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    try {
      paths = indexAttributes(resolved, index, anchors).attributes.length;
    } catch (err) {
      if (!(err instanceof DocgenError)) throw err;
      refused = true;
    }
    times.push(performance.now() - start);
  }
  const row: AttributeRow = {
    case: size,
    definitions,
    prepareMs: round(prepareMs, 1),
    paths: refused ? null : paths,
    refused,
    maxAttributes: MAX_ATTRIBUTES,
    ms: round(median(times), 1),
  };
  console.log(
    `  attributes ${size.padStart(9)}: ${refused ? `refused past ${MAX_ATTRIBUTES.toLocaleString("en-US")} paths` : `${paths} paths`} in ${row.ms} ms (stages 1-4: ${row.prepareMs} ms)`,
  );
  return row;
}
