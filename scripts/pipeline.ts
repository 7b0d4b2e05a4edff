/**
 * The pipeline: load → dereference → validate → model → render → lint → emit types → write.
 * `buildPage` runs every stage but the last, in memory; `generate` writes what
 * changed; `check` compares with what is on disk and writes nothing.
 */
import { relative } from "node:path";
import { createTwoFilesPatch } from "diff";
import { resolvePages, type Overrides, type PageConfig } from "./config.js";
import { dereferenceSchema } from "./dereference.js";
import { emitTypes } from "./emit-types.js";
import { DocgenError } from "./errors.js";
import { lintPage } from "./lint.js";
import { loadSchema } from "./load.js";
import { buildModel, indexDefinitions, type PageModel } from "./model.js";
import { renderPage } from "./render.js";
import { validateSchema } from "./validate.js";
import { readCurrent, writeOutputs, type Output, type WriteResult } from "./write.js";

export interface BuiltPage {
  config: PageConfig;
  model: PageModel;
  docs: Output;
  types: Output;
}

/** Stage names, in order, as `--timings` reports them. */
export type Stage = "load" | "dereference" | "validate" | "model" | "render" | "lint" | "types" | "write";
export type Timings = Partial<Record<Stage, number>>;

export async function buildPage(config: PageConfig, timings: Timings = {}): Promise<BuiltPage> {
  const time = async <T>(stage: Stage, run: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };
  const loaded = await time("load", () => loadSchema(shown(config.schema)));
  const resolved = await time("dereference", () => dereferenceSchema(loaded));
  await time("validate", () => validateSchema(resolved));
  const index = await time("model", () => indexDefinitions(resolved));
  const model = await time("model", () => buildModel(resolved, index));
  const markdown = await time("render", () => renderPage(model, config.page, shown(config.template)));
  await time("lint", () => {
    const messages = lintPage(markdown);
    if (messages.length > 0) {
      throw new DocgenError(
        messages.map((m) => ({
          file: shown(config.docs),
          line: m.line,
          column: m.column,
          message: `the rendered page is broken (${m.rule}): ${m.message}`,
          hint: `nothing was written; the page comes from ${shown(config.template)} and ${shown(config.schema)}`,
        })),
      );
    }
  });
  const types = await time("types", () => emitTypes(resolved, index, { rootName: config.rootType, typesFile: config.types }));
  return { config, model, docs: { file: config.docs, content: markdown }, types: { file: config.types, content: types } };
}

export interface GenerateResult {
  pages: BuiltPage[];
  written: WriteResult[];
  timings: Timings;
}

/** Builds every page in memory, and only when all of them succeed writes what changed. */
export async function generate(overrides: Overrides = {}): Promise<GenerateResult> {
  const pages = await resolvePages(overrides);
  const timings: Timings = {};
  const built: BuiltPage[] = [];
  for (const page of pages) built.push(await buildPage(page, timings));
  const start = performance.now();
  const written = await writeOutputs(built.flatMap((b) => [b.docs, b.types]));
  timings.write = performance.now() - start;
  return { pages: built, written, timings };
}

export interface StaleOutput {
  file: string;
  /** A unified diff from what is on disk to what would be generated. */
  diff: string;
}

export interface CheckResult {
  pages: BuiltPage[];
  stale: StaleOutput[];
}

/** Builds every page in memory and reports the outputs that differ from the files on disk. Writes nothing. */
export async function check(overrides: Overrides = {}): Promise<CheckResult> {
  const pages = await resolvePages(overrides);
  const built: BuiltPage[] = [];
  for (const page of pages) built.push(await buildPage(page));
  const stale: StaleOutput[] = [];
  for (const out of built.flatMap((b) => [b.docs, b.types])) {
    const current = await readCurrent(out.file);
    if (current === out.content) continue;
    const name = shown(out.file);
    const diff = createTwoFilesPatch(`a/${name}`, `b/${name}`, current ?? "", out.content, current === undefined ? "(missing)" : "on disk", "regenerated", { context: 3 });
    stale.push({ file: out.file, diff });
  }
  return { pages: built, stale };
}

/** A path as a user wants to read it: relative to the cwd when below it. */
export function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}
