/**
 * scripts/core/meta-schemas/<draft>.generated.ts: each draft's meta-schema
 * compiled ahead of time by Ajv's standalone code generation, twice (stop at
 * the first error, and every error; formats not checked), for the schema checks
 * of stage 3, so that a run neither compiles them nor loads Ajv's compiler for
 * them. The build writes them (generated-sources.ts) from the installed Ajv.
 */
import { ajvFor } from "../core/ajv.js";
import { META_URIS, type Draft } from "../core/drafts.js";
import { generatedHeader, standaloneExpression } from "./standalone.js";

export const GENERATED_FOLDER = "scripts/core/meta-schemas";

export function metaSchemaFile(draft: Draft): string {
  return `${GENERATED_FOLDER}/${draft}.generated.ts`;
}

async function compiled(draft: Draft, allErrors: boolean): Promise<string> {
  const ajv = await ajvFor(draft, { allErrors, strict: false, validateFormats: false, logger: false, code: { source: true, lines: true } });
  const validate = ajv.getSchema(META_URIS[draft]) ?? ajv.getSchema(`${META_URIS[draft]}#`);
  if (!validate) throw new Error(`no meta-schema for ${draft}`);
  return standaloneExpression(ajv, validate);
}

export async function metaSchemaSource(draft: Draft): Promise<string> {
  return [
    ...generatedHeader("scripts/dev/build-meta-schemas.ts", `Ajv's ${draft} meta-schema`),
    `/** Stops at the first error. */\nexport const first = ${await compiled(draft, false)};`,
    `/** Finds every error. */\nexport const all = ${await compiled(draft, true)};`,
    "",
  ].join("\n");
}
