/**
 * The sources the build makes before it bundles (scripts/dev/build.mjs runs
 * this module first, bundled on its own): the config's compiled shape check
 * and config.schema.json (build-config-shape.ts), the drafts' compiled
 * meta-schema checks (build-meta-schemas.ts), the events package's
 * validation runtime (build-events-runtime.ts) and TypeScript's keywords and
 * global names (build-ts-globals.ts). The `.generated.ts` files are
 * git-ignored: every build can make them from what is in the repository and
 * in node_modules. (core/unicode-13.generated.ts is not among them: its input,
 * @unicode/unicode-13.0.0, is no dependency; it is committed.) config.schema.json is committed all the same: editors read
 * it from a checkout (`"$schema": "./config.schema.json"`), where nothing has
 * been built.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DRAFTS } from "../core/drafts.js";
import { configSchemaJson, configShapeSource, GENERATED_FILE as CONFIG_SHAPE_FILE, SCHEMA_FILE } from "./build-config-shape.js";
import { eventsRuntimeSource, GENERATED_FILE as EVENTS_RUNTIME_FILE } from "./build-events-runtime.js";
import { metaSchemaFile, metaSchemaSource } from "./build-meta-schemas.js";
import { GENERATED_FILE as TS_GLOBALS_FILE, tsGlobalsSource } from "./build-ts-globals.js";

/** Each file the build makes, by its path from the package's root, with what it holds. */
export const GENERATED_SOURCES: { file: string; source: () => string | Promise<string> }[] = [
  { file: CONFIG_SHAPE_FILE, source: configShapeSource },
  { file: SCHEMA_FILE, source: configSchemaJson },
  ...DRAFTS.map((draft) => ({ file: metaSchemaFile(draft), source: () => metaSchemaSource(draft) })),
  { file: EVENTS_RUNTIME_FILE, source: eventsRuntimeSource },
  { file: TS_GLOBALS_FILE, source: tsGlobalsSource },
];

/**
 * Writes each file under `root` whose bytes differ from what it should hold, and
 * returns those. A file already right is not touched: its time stays, so that
 * the build's staleness check (and the declarations') is not set off by it.
 */
export async function writeGeneratedSources(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const { file, source } of GENERATED_SOURCES) {
    const path = join(root, file);
    const text = await source();
    let current: string | undefined;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(file);
  }
  return written;
}
