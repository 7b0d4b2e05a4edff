/**
 * Writes scripts/config/config-shape.generated.ts: the config schema compiled by
 * Ajv's standalone code generation; and config.schema.json, the same schema as a
 * file for editors (shipped in the package as `cws-docgen/config.schema.json`).
 * Run `npm run build:config-shape` after changing scripts/config/config-schema.ts;
 * a test fails while either file is stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { CONFIG_SCHEMA } from "../config/config-schema.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { generatedHeader, standaloneEsm } from "./standalone.js";

export const GENERATED_FILE = "scripts/config/config-shape.generated.ts";
export const SCHEMA_FILE = "config.schema.json";

/** config.schema.json: the config's JSON Schema (draft-07, Ajv's default, which checks the config). */
export function configSchemaJson(): string {
  return `${JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...CONFIG_SCHEMA }, null, 2)}\n`;
}

export function configShapeSource(): string {
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true, lines: true } });
  return [
    ...generatedHeader("scripts/dev/build-config-shape.ts", "scripts/config/config-schema.ts"),
    standaloneEsm(ajv, CONFIG_SCHEMA),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(PACKAGE_ROOT, GENERATED_FILE), configShapeSource());
  writeFileSync(join(PACKAGE_ROOT, SCHEMA_FILE), configSchemaJson());
  console.log(`wrote ${GENERATED_FILE} and ${SCHEMA_FILE}`);
}
