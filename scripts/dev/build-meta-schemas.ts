/**
 * Writes scripts/core/meta-schemas/<draft>.generated.ts: each draft's
 * meta-schema compiled ahead of time by Ajv's standalone code generation,
 * twice (stop at the first error, and every error; formats not checked), for
 * the schema checks of stage 3. Compiling them at run time cost about 60 ms and
 * loading Ajv's compiler with it. Run `npm run build:meta-schemas` after
 * upgrading Ajv; a test fails while a file is stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ajvFor } from "../core/ajv.js";
import { DRAFTS, META_URIS, type Draft } from "../core/drafts.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(join(PACKAGE_ROOT, GENERATED_FOLDER), { recursive: true });
  for (const draft of DRAFTS) {
    writeFileSync(join(PACKAGE_ROOT, metaSchemaFile(draft)), await metaSchemaSource(draft));
    console.log(`wrote ${metaSchemaFile(draft)}`);
  }
}
