/**
 * Writes scripts/config/config-shape.generated.ts: the config schema compiled by
 * Ajv's standalone code generation. Run `npm run build:config-shape` after
 * changing scripts/config/config-schema.ts; a test fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { CONFIG_SCHEMA } from "../config/config-schema.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { generatedHeader, standaloneEsm } from "./standalone.js";

export const GENERATED_FILE = "scripts/config/config-shape.generated.ts";

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
  console.log(`wrote ${GENERATED_FILE}`);
}
