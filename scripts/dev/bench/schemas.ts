/** The schemas the bench measures, by size: `seed`, `linux`, `N` (syntheticSchema) and `deepN` (deepSyntheticSchema). */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { deepSyntheticSchema, syntheticSchema } from "../synthetic.js";

const LINUX = "examples/multi-page/schema/backend_linux.schema.json";
const SEED = "schema/backend.schema.json";

/** Writes the case's schema into its directory; its number of definitions. */
export function prepareSchema(size: string, schema: string): number {
  const count = (): number => {
    const value = JSON.parse(readFileSync(schema, "utf8")) as { definitions?: object; $defs?: object };
    return Object.keys(value.definitions ?? {}).length + Object.keys(value.$defs ?? {}).length;
  };
  if (size === "seed" || size === "linux") {
    copyFileSync(join(PACKAGE_ROOT, size === "seed" ? SEED : LINUX), schema);
    return count();
  }
  const deep = /^deep(\d+)$/.exec(size);
  const n = Number(deep ? deep[1] : size);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: unknown size ${JSON.stringify(size)} (seed, linux, N or deepN)`);
  writeFileSync(schema, `${JSON.stringify(deep ? deepSyntheticSchema(n) : syntheticSchema(n), null, 4)}\n`);
  return n;
}
