/**
 * `cws-docgen init SCHEMA`: a config for a team's own schema, with the neutral texts read from the
 * schema (its `title` and `description`) that a page without them gets (config/neutral-defaults.ts),
 * written out so the team can edit them, `$schema` for editors, and the outputs it will write. It never
 * replaces a config.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { displayPath } from "../core/files.js";
import { DocgenError, printable } from "../core/problems.js";
import { neutralTexts, stemOf } from "../config/neutral-defaults.js";
import { MAX_SCHEMA_BYTES, loadSchema } from "../stages/load.js";
import { CONFIG_FILE } from "../config/find-config.js";

export interface InitResult {
  /** The config written. */
  config: string;
  /** The outputs its page will write, relative to the config's folder. */
  outputs: string[];
}

/** Writes a config for `schema` at `configFile` (default: ./cws-docgen.config.json); refuses an existing one. */
export async function initConfig(schema: string, configFile = CONFIG_FILE): Promise<InitResult> {
  const cwd = process.cwd();
  const config = resolve(cwd, configFile);
  const schemaFile = resolve(cwd, schema);
  const rel = relative(dirname(config), schemaFile).split(sep).join("/");
  if (rel.startsWith("../") || rel === "..")
    throw new DocgenError({
      file: displayPath(schemaFile, cwd),
      message: "the schema is outside the config's folder, where the config's paths are read from",
      hint: "run init in the project's root folder (or a folder above the schema)",
    });
  // Named in messages as the user would write it (relative to the current folder when inside it).
  const loaded = await loadSchema(
    displayPath(schemaFile, cwd),
    MAX_SCHEMA_BYTES,
    dirname(schemaFile),
    "give the path of the schema's .json file",
  );
  const stem = stemOf(schemaFile);
  const neutral = neutralTexts(loaded.value, stem, stem);
  const page = {
    name: stem,
    schema: rel,
    docs: `docs/${stem}.md`,
    types: `generated/${stem}.ts`,
    rootType: neutral.rootType,
    title: neutral.title,
    description: neutral.description,
    fields: { intro: neutral.intro, schemaFilename: neutral.schemaFilename, links: neutral.links },
  };
  const text = `${JSON.stringify({ $schema: "./node_modules/cws-docgen/config.schema.json", pages: [page] }, null, 2)}\n`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Made exclusively: an existing config (or a link where it would go) is never replaced.
    handle = await open(config, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocgenError({
      file: displayPath(config, cwd),
      message:
        code === "EEXIST" ? "a config is already there; init never replaces one" : `cannot write the config (${printable(String(code))})`,
      hint: code === "EEXIST" ? "edit it, or give init another file with --config FILE" : "check the folder's permissions",
    });
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return { config, outputs: [page.docs, page.types, `generated/${stem}.validator.ts`] };
}
