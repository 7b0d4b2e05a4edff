/**
 * Stages 1–4 of a page, shared by every command that reads a schema the way
 * `generate` does (`buildPage`, `attributes`): load (a file, or stdin for `-`),
 * then the page's texts the config does not give, made from the schema (so both
 * commands name the root type alike), dereference, inspect, model. Each stage is
 * timed and reported through the same `time` as the rest of the build.
 */
import type { PageConfig, ResolvedPage } from "../config/config.js";
import { neutralTexts, stemOf } from "../config/neutral-defaults.js";
import { givenTexts, pageFields, type PageTexts } from "../config/page-fields.js";
import { STDIO, displayPath } from "../core/files.js";
import type { ResolvedSchema } from "../stages/02-dereference.js";
import type { DefinitionIndex } from "../stages/04-model.js";
import type { Stage, Timings } from "./stages.js";

/** Runs a stage of a page: reports its start, adds its milliseconds to the timings. */
export type StageTimer = <T>(stage: Stage, run: () => T | Promise<T>) => Promise<T>;

/** A `StageTimer` that tells `onStage` of each start and adds to `timings`. */
export function stageTimer(page: string, timings: Timings, onStage?: (page: string, stage: Stage) => void): StageTimer {
  return async (stage, run) => {
    onStage?.(page, stage);
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };
}

/** The same for a stage that runs synchronously when something first asks for its result (the attribute index). */
export function syncStageTimer(page: string, timings: Timings, onStage?: (page: string, stage: Stage) => void) {
  return <T>(stage: Stage, run: () => T): T => {
    onStage?.(page, stage);
    const start = performance.now();
    try {
      return run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };
}

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
export async function readPage(config: PageConfig, time: StageTimer, maxSchemaBytes?: number): Promise<ReadPage> {
  // Each stage loads its libraries when it starts: a schema refused by one stage never loads the next one's.
  const { loadSchema, loadSchemaFromStream } = await import("../stages/01-load.js");
  const loaded = await time("load", () =>
    config.schema === STDIO ? loadSchemaFromStream(process.stdin, maxSchemaBytes) : loadSchema(displayPath(config.schema), maxSchemaBytes),
  );
  const page = resolvePage(config, loaded.value);
  const { dereferenceSchema } = await import("../stages/02-dereference.js");
  const resolved = await time("dereference", () => dereferenceSchema(loaded, maxSchemaBytes));
  const { inspectSchema } = await import("../stages/03-inspect.js");
  await time("inspect", () => inspectSchema(resolved));
  const { indexDefinitions } = await import("../stages/04-model.js");
  const index = await time("model", () => indexDefinitions(resolved));
  const headingsBefore = await time("model", () => introHeadings(page.page.intro));
  return { page, resolved, index, headingsBefore };
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
  const { parseChunk } = await import("../stages/07-lint/chunk.js");
  return parseChunk({ text: paragraphs.join("\n\n"), lineOffset: 0 }).headings;
}
