/**
 * The neutral defaults: what a page shows for each text its config does not give, made from its own
 * schema and file names, never another team's. `cws-docgen init` writes the same texts into the config it
 * makes (pipeline/init.ts), so a page reads the same with or without one. The texts that need the schema's
 * `title` are made once it is loaded (pipeline/read.ts, `resolvePage`); the banner, from the files and the
 * command alone, when the pages are resolved (banner.ts).
 */
import { basename } from "node:path";
import { mdText, oneLine } from "../core/markdown.js";
import { rootTypeProblem, toIdentifier } from "../core/ts-names.js";

/** A page's name and its output files' stem: the schema file's name without `.schema.json`/`.json`, as a safe slug (`schema` when none is left). */
export function stemOf(schema: string): string {
  const stem = basename(schema)
    .replace(/(\.schema)?\.json$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return stem === "" ? "schema" : stem;
}

/** One line of schema text for a title or a description (the front matter's helper quotes the rest); none when it is no text. */
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

/** A page's neutral texts, and the root type its types get. */
export interface NeutralTexts {
  title: string;
  description: string;
  /** One sentence, with the title as Markdown text (the intro is Markdown, written as is). */
  intro: string[];
  schemaFilename: string;
  links: never[];
  rootType: string;
}

/**
 * The neutral texts of a page named `name` built from `schema` (its parsed value) read from a file of stem
 * `stem`. `given` holds the title and description the config gives, which the intro and the default
 * description then use. Title: given, else the schema's `title` on one line, else `name`; description:
 * given, else the schema's, else `JSON schema documentation of <title>`; root type from the schema's title, else the stem.
 */
export function neutralTexts(
  schema: unknown,
  name: string,
  stem: string,
  given: { title?: string; description?: string } = {},
): NeutralTexts {
  const value = (typeof schema === "object" && schema !== null && !Array.isArray(schema) ? schema : {}) as Record<string, unknown>;
  const schemaTitle = oneLineOf(value.title);
  const title = given.title ?? schemaTitle ?? name;
  return {
    title,
    description: given.description ?? oneLineOf(value.description) ?? `JSON schema documentation of ${title}`,
    intro: [`${mdText(title)} has the following JSON schema:`],
    schemaFilename: `${stem.toUpperCase().replace(/-/g, "_")}_JSON_SCHEMA`,
    links: [],
    rootType: rootTypeOf(schemaTitle, stem),
  };
}
