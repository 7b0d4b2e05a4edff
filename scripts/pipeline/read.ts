/**
 * Stages 1–4 of a page, shared by every command that reads a schema the way
 * `generate` does (`buildPage`, `attributes`): load (a file, or stdin for `-`),
 * then the page's texts the config does not give, made from the schema (so both
 * commands name the root type alike), dereference, inspect, model. Each stage is
 * run, timed and reported through the build's `StageRunner` (runner.ts).
 */
import type { PageConfig, ResolvedPage } from "../config/config.js";
import { neutralTexts, stemOf } from "../config/neutral-defaults.js";
import { givenTexts, pageFields, type PageTexts } from "../config/page-fields.js";
import { STDIO, displayPath } from "../core/files.js";
import type { LoadedSchema, SchemaStream } from "../stages/load.js";
import type { ResolvedSchema } from "../stages/dereference.js";
import type { DefinitionIndex } from "../stages/model.js";
import type { StageRunner } from "./runner.js";

export interface ReadPage {
  /** The page with its root type and fields, the config's over the neutral defaults its schema gives. */
  page: ResolvedPage;
  resolved: ResolvedSchema;
  index: DefinitionIndex;
  /** The source text of the headings the page's intro writes before the definitions (Hugo numbers ids per page). */
  headingsBefore: string[];
}

/**
 * Loads, dereferences and inspects the page's schema, and indexes its
 * definitions (stages 1–4, but for the page model itself: `buildModel`, which
 * prints every definition's JSON, is for the commands that render the page).
 */
export async function readPage(config: PageConfig, stages: StageRunner, read: ReadOptions = {}): Promise<ReadPage> {
  const { page, loaded } = await load(stages, config, read);
  const resolved = await dereference(stages, loaded, read.maxSchemaBytes);
  await inspect(stages, resolved);
  return { page, resolved, ...(await indexDefinitions(stages, resolved, page)) };
}

/** How a page's schema is read. */
export interface ReadOptions {
  /** The most the schema and its files may weigh together, in bytes (default: `MAX_SCHEMA_BYTES`, stages/load.ts). */
  maxSchemaBytes?: number;
  /** What `--schema -` reads (default: the process's stdin). */
  stdin?: SchemaStream;
}

/** Stage 1: the schema's root file (or stdin for `-`), and the page with what its config does not give made from it. */
export async function load(
  stages: StageRunner,
  config: PageConfig,
  read: ReadOptions = {},
): Promise<{ page: ResolvedPage; loaded: LoadedSchema }> {
  const loaded = await stages.run("load", async () => {
    const { loadSchema, loadSchemaFromStream } = await import("../stages/load.js");
    return config.schema === STDIO
      ? loadSchemaFromStream(read.stdin ?? process.stdin, read.maxSchemaBytes)
      : loadSchema(displayPath(config.schema), read.maxSchemaBytes);
  });
  return { page: resolvePage(config, loaded.value), loaded };
}

/** Stage 2: every file of the schema, every `$ref` with its target. */
export function dereference(stages: StageRunner, loaded: LoadedSchema, maxSchemaBytes?: number): Promise<ResolvedSchema> {
  return stages.run("dereference", async () => (await import("../stages/dereference.js")).dereferenceSchema(loaded, maxSchemaBytes));
}

/** Stage 3: the schema checks; throws a `DocgenError` with every problem. */
export function inspect(stages: StageRunner, resolved: ResolvedSchema): Promise<void> {
  return stages.run("inspect", async () => (await import("../stages/inspect.js")).inspectSchema(resolved));
}

/** Stage 4's first half: the definitions' index, and the headings the page's intro writes before them. */
export async function indexDefinitions(
  stages: StageRunner,
  resolved: ResolvedSchema,
  page: ResolvedPage,
): Promise<{ index: DefinitionIndex; headingsBefore: string[] }> {
  const index = await stages.run("model", async () => (await import("../stages/model.js")).indexDefinitions(resolved));
  const headingsBefore = await stages.run("model", () => introHeadings(page.page.intro));
  return { index, headingsBefore };
}

/**
 * The page with what its config does not give made from its schema (`schema`, the loaded root's value):
 * its texts (config/neutral-defaults.ts) and its root type; its reference page's fields too, from the same schema.
 */
export function resolvePage(config: PageConfig, schema: unknown): ResolvedPage {
  const stem = stemOf(config.schema === STDIO ? "" : config.schema);
  const fields = (name: string, texts: PageTexts, banner: string) => {
    const { rootType: _, ...neutral } = neutralTexts(schema, name, stem, givenTexts(texts));
    return pageFields(texts, { ...neutral, banner });
  };
  const { reference, ...rest } = config;
  return {
    ...rest,
    rootType: config.rootType ?? neutralTexts(schema, config.name, stem).rootType,
    page: fields(config.name, config.texts, config.banner),
    // The reference page's banner is its own page's: only its intro's headings are read here.
    ...(reference ? { reference: { ...reference, page: fields(reference.name, reference.texts, "") } } : {}),
  };
}

/**
 * The source text of the headings in the page's intro paragraphs (which the
 * template writes before the definitions), for Hugo's per-page numbering of ids.
 */
export async function introHeadings(intro: unknown): Promise<string[]> {
  const paragraphs = Array.isArray(intro) ? intro.filter((p): p is string => typeof p === "string") : [];
  // Only a paragraph with a line that could be (or underline) a heading needs parsing.
  if (!paragraphs.some((p) => /^ {0,3}(#|=|-)/m.test(p))) return [];
  const { parseChunk } = await import("../stages/lint/chunk.js");
  return parseChunk({ text: paragraphs.join("\n\n"), lineOffset: 0 }).headings;
}
