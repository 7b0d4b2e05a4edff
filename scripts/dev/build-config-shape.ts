/**
 * scripts/config/config-shape.generated.ts: the config schema compiled by
 * Ajv's standalone code generation; and config.schema.json, the same schema as a
 * file for editors (shipped in the package as `cws-docgen/config.schema.json`).
 * The build writes both (generated-sources.ts) when scripts/config/config-schema.ts
 * changes; config.schema.json is committed, and a test fails while it is stale.
 */
import { Ajv } from "ajv";
import { CONFIG_SCHEMA } from "../config/config-schema.js";
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
