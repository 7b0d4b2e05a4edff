/**
 * `cws-docgen init SCHEMA`: a config for a team's own schema, with neutral texts read from the
 * schema (its `title` and `description`), none of Datadog's (the built-in defaults are the seed
 * page's), `$schema` for editors, and the outputs it will write. It never replaces a config.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { displayPath } from "../core/files.js";
import { mdText, oneLine } from "../core/markdown.js";
import { DocgenError, printable } from "../core/problems.js";
import { rootTypeProblem, toIdentifier } from "../core/ts-names.js";
import { MAX_SCHEMA_BYTES, loadSchema } from "../stages/01-load.js";
import { CONFIG_FILE } from "../config/find-config.js";

export interface InitResult {
  /** The config written. */
  config: string;
  /** The outputs its page will write, relative to the config's folder. */
  outputs: string[];
}

/** The page's name and output files' stem: the schema file's name without `.schema.json`/`.json`, as a safe slug. */
function stemOf(schema: string): string {
  const stem = basename(schema)
    .replace(/(\.schema)?\.json$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return stem === "" ? "schema" : stem;
}

/** One line of schema text for the config's title and description (the front matter's helper quotes the rest). */
function oneLineOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = oneLine(value).trim();
  return text === "" ? undefined : text;
}

/**
 * The root type's name: the schema's title (or, when it is long, the file's stem) in PascalCase, with
 * `Event` after it when it is no usable name (a keyword, a global).
 */
function rootTypeOf(title: string | undefined, stem: string): string {
  const fromTitle = title === undefined ? undefined : toIdentifier(title);
  const id = fromTitle !== undefined && fromTitle.length <= 24 ? fromTitle : toIdentifier(stem);
  const name = /^[A-Z]/.test(id) ? id : `${id[0]!.toUpperCase()}${id.slice(1)}`;
  return rootTypeProblem(name) === undefined ? name : `${name}Event`;
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
  const value = (typeof loaded.value === "object" && loaded.value !== null ? loaded.value : {}) as Record<string, unknown>;
  const stem = stemOf(schemaFile);
  const title = oneLineOf(value.title);
  const pageTitle = title ?? stem;
  const page = {
    name: stem,
    schema: rel,
    docs: `docs/${stem}.md`,
    types: `generated/${stem}.ts`,
    rootType: rootTypeOf(title, stem),
    title: pageTitle,
    description: oneLineOf(value.description) ?? `JSON schema documentation of ${pageTitle}`,
    fields: {
      // The intro is the config's Markdown, written to the page as is: the schema's title goes in escaped.
      intro: [`${mdText(pageTitle)} has the following JSON schema:`],
      schemaFilename: `${stem.toUpperCase().replace(/-/g, "_")}_JSON_SCHEMA`,
      links: [],
    },
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
