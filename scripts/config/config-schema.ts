/**
 * The JSON Schema of cws-docgen.config.json. Ajv compiles it ahead of time
 * (scripts/dev/build-config-shape.ts → scripts/config/config-shape.generated.ts),
 * so reading a config costs no schema compilation at run time.
 */
import { PAGE_FIELDS_SCHEMA } from "./page-fields.js";

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["pages"],
  properties: {
    $schema: { type: "string" },
    pages: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "schema", "docs", "types"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9._-]+$" },
          schema: { type: "string", minLength: 1 },
          template: { type: "string", minLength: 1 },
          docs: { type: "string", minLength: 1 },
          types: { type: "string", minLength: 1 },
          validator: { type: "string", pattern: "\\.m?ts$" },
          rootType: { type: "string", pattern: "^[A-Za-z_$][A-Za-z0-9_$]*$" },
          title: { type: "string" },
          description: { type: "string" },
          literalPunctuation: { type: "boolean" },
          fields: PAGE_FIELDS_SCHEMA,
        },
      },
    },
  },
} as const;
