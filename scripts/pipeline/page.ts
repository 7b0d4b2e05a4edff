/** What `buildPage` returns and takes: the built page, its outputs, the build's options. */
import type { PageConfig } from "../config/config.js";
import type { Output } from "../core/files.js";
import { STDIO, displayPath } from "../core/files.js";
import { printable } from "../core/problems.js";
import type { SchemaStream } from "../stages/load.js";
import type { PageModel } from "../stages/model.js";
import { reservedKeyWarnings } from "../stages/lint/front-matter.js";
import type { Stage } from "./stages.js";

export interface BuiltPage {
  config: PageConfig;
  /** The page model; absent when the outputs came from the build cache. */
  model?: PageModel;
  docs: Output;
  /** Absent when built with `types: false` (the page alone). */
  types?: Output;
  /** The event validator; absent when built with `types: false`. */
  validator?: Output;
  /** The attribute index (JSON), when the page's config asks for one (and the types are built). */
  attributes?: Output;
  /** The files of the events package, when the page's config asks for one (and the types are built). */
  package?: Output[];
  /** Every file the build read (schema files, template, partials), so that no output overwrites one. */
  inputs: string[];
}

/** Everything a page writes, in order. */
export function pageOutputs(page: BuiltPage): Output[] {
  return [page.docs, page.types, page.validator, page.attributes, ...(page.package ?? [])].filter((o): o is Output => o !== undefined);
}

export interface BuildOptions {
  /** Emit the types too (default true). Without them, only the page is built and written. */
  types?: boolean;
  /** Use the build cache (default true): an unchanged page is not built again. */
  cache?: boolean;
  /** The most the schema and its files may weigh together, in bytes (default: `MAX_SCHEMA_BYTES`, stages/load.ts). */
  maxSchemaBytes?: number;
  /** What `--schema -` reads (default: the process's stdin). */
  stdin?: SchemaStream;
  /** Told when a stage of a page starts, with the page's place among the run's pages (the command line's progress line). */
  onStage?: (page: string, stage: Stage, place?: { index: number; count: number }) => void;
  /**
   * Given every file the page's schema is made of, once stage 2 has found them: throws when an output
   * of the run is one of them (generate), so that such a run is refused before the page is built.
   */
  checkInputs?: (files: string[]) => Promise<void>;
  /**
   * Given each warning of a page, a line of text for a terminal or a log (the lint's front-matter warnings:
   * keys Hugo 0.123 and later reserve). Default: written to stderr. A warning never fails the build.
   */
  onWarning?: (line: string) => void;
  /**
   * Given a note about the run, a line of text (the build cache not used, and why): said once per
   * `onNote` function, so once per run of the command line. Default: written to stderr, once per process.
   */
  onNote?: (line: string) => void;
}

/** Tells `onWarning` (default: stderr) about the page's front matter keys that current Hugo reserves (stages/lint/front-matter.ts). */
export function warnFrontMatter(config: PageConfig, markdown: string, options: BuildOptions): void {
  const file = printable(config.docs === STDIO ? "<stdout>" : displayPath(config.docs));
  for (const w of reservedKeyWarnings(markdown)) {
    if (config.allowReservedKeys?.includes(w.key)) continue;
    const line =
      `cws-docgen: warning: ${file}:${w.line}:${w.column}: the front matter's "${w.key}" (${w.rule}): ${w.message}\n` +
      `  hint: leave "${w.key}" out of the page's "frontMatter" (or its template); for a site on an older Hugo that wants it, say so with "allowReservedKeys": ["${w.key}"] on the page. The build goes on\n`;
    if (options.onWarning) options.onWarning(line);
    else process.stderr.write(line);
  }
}
