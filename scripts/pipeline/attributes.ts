/**
 * `cws-docgen attributes`: the attribute index of a page's schema, through
 * stages 1–5 only (load, dereference, inspect, model, attributes). Nothing is
 * rendered, linted, emitted or written, and the build cache is not involved.
 */
import { basename } from "node:path";
import { resolvePages, type Overrides, type PageConfig } from "../config/config.js";
import { findConfig } from "../config/find-config.js";
import { STDIO, displayPath } from "../core/files.js";
import { DocgenError } from "../core/problems.js";
import type { Attribute, AttributeIndex, AttributeOptions } from "../stages/index-attributes.js";
import type { SchemaStream } from "../stages/load.js";
import { readPage } from "./read.js";
import { StageRunner } from "./runner.js";
import type { Stage } from "./stages.js";

/** How the command prints the index: tab-separated lines, the attributes file's JSON, or a Markdown table. */
export const ATTRIBUTE_FORMATS = ["text", "json", "markdown"] as const;
export type AttributeFormat = (typeof ATTRIBUTE_FORMATS)[number];

export interface AttributesOptions extends AttributeOptions {
  /** The most the schema and its files may weigh together, in bytes (default: `MAX_SCHEMA_BYTES`, stages/load.ts). */
  maxSchemaBytes?: number;
  /** What `--schema -` reads (default: the process's stdin). */
  stdin?: SchemaStream;
  /** Told when a stage starts (the command line's progress line). */
  onStage?: (page: string, stage: Stage) => void;
}

export interface PageAttributes {
  config: PageConfig;
  index: AttributeIndex;
  /** What the JSON document says of the schema: its file name (`<stdin>` for `-`) and the root type. */
  about: { schema: string; rootType: string };
}

/**
 * The attribute index of the one page the overrides pick. A page with a
 * `reference` (an attributes page) stands for its reference page's schema, so a
 * config whose other pages all refer to one page needs no `--page`. Otherwise
 * a config with several pages needs `--page NAME` (as `--schema` and the other
 * one-page flags do): the paths of two schemas in one list could not be told apart.
 */
export async function pageAttributes(overrides: Overrides, options: AttributesOptions = {}): Promise<PageAttributes> {
  const pages = schemaPages(await resolvePages(await onePage(overrides)));
  if (pages.length > 1)
    throw new DocgenError({
      file: pages[0]!.configFile === undefined ? "--config" : displayPath(pages[0]!.configFile),
      message: "attributes lists the paths of one page's schema, and the config has several",
      hint: `choose one with --page NAME (the pages are: ${pages.map((p) => p.name).join(", ")})`,
    });
  const config = pages[0]!;
  const stages = new StageRunner(config.name, {}, options.onStage);
  const { page, resolved, index, headingsBefore } = await readPage(config, stages, {
    maxSchemaBytes: options.maxSchemaBytes,
    stdin: options.stdin,
  });
  const { pageAnchors } = await import("../stages/model.js");
  const { indexAttributes } = await import("../stages/index-attributes.js");
  const attributes = await stages.run("attributes", () =>
    indexAttributes(
      resolved,
      index,
      pageAnchors(index, headingsBefore).definitions,
      options.maxAttributes === undefined ? {} : { maxAttributes: options.maxAttributes },
    ),
  );
  return {
    config,
    index: attributes,
    about: { schema: config.schema === STDIO ? "<stdin>" : basename(config.schema), rootType: page.rootType },
  };
}

/** The pages of a config that each stand for a schema: those with a `reference` to another of them stand for that one's. */
function schemaPages(pages: PageConfig[]): PageConfig[] {
  return pages.filter((p) => !(p.reference && pages.some((q) => q !== p && q.name === p.reference!.name)));
}

/**
 * The overrides with `--page` set when the config's pages stand for one schema
 * and none was chosen, so that `--schema` (which applies to one page) works
 * there too; as they are otherwise.
 */
async function onePage(overrides: Overrides): Promise<Overrides> {
  if (overrides.page !== undefined || overrides.schema === undefined || (await findConfig(overrides)) === undefined) return overrides;
  const pages = schemaPages(await resolvePages({ ...(overrides.config === undefined ? {} : { config: overrides.config }) }));
  return pages.length === 1 ? { ...overrides, page: pages[0]!.name } : overrides;
}

/**
 * The attributes whose dotted path (`process.ancestors.file.path`), marked path
 * (`process.ancestors[].file.path`) or names joined by dots with no quotes, as a
 * log search writes them (`mount.mountpoint.path` for `mount."mountpoint.path"`),
 * contains `text`, ignoring case; all of them when `text` is undefined.
 */
export function filterAttributes(index: AttributeIndex, text: string | undefined): AttributeIndex {
  if (text === undefined) return index;
  const wanted = text.toLowerCase();
  const found = (path: string) => path.toLowerCase().includes(wanted);
  return {
    attributes: index.attributes.filter(
      (a: Attribute) => found(a.path) || found(a.marked) || found(a.segments.map((s) => s.name).join(".")),
    ),
  };
}
