/**
 * The pipeline: `buildPage` runs every stage but the last (write), in memory, one call
 * each in the order of `STAGES` (stages.ts); `generate` writes what changed; `check`
 * compares with what is on disk and writes nothing.
 */
import { resolvePages, validatorFileOf, type Overrides, type PageConfig, refuseStdio } from "../config/config.js";
import { findConfig } from "../config/find-config.js";
import { DocgenError, printable, terminalLines } from "../core/problems.js";
import { inspectOutputs, writeOutputs, type WriteResult } from "../stages/write.js";
import { STDIO, displayPath } from "../core/files.js";
import type { Timings } from "./stages.js";
import { dereference, indexDefinitions, inspect, load } from "./read.js";
import { BuildRunner } from "./runner.js";
import * as stage from "./build.js";
import { pageOutputs, type BuildOptions, type BuiltPage } from "./page.js";

export { STAGES, type Stage, type Timings } from "./stages.js";
export type { BuildOptions, BuiltPage } from "./page.js";

/**
 * Builds one page in memory: stages 1 to 11, each through the `BuildRunner` (runner.ts), which
 * reports and times it and imports its module only when it starts; a cache hit returns before them.
 */
export async function buildPage(config: PageConfig, timings: Timings = {}, options: BuildOptions = {}): Promise<BuiltPage> {
  // A page that shares its reference page's types emits none (that page does).
  const withTypes = options.types !== false && config.sharedTypes !== true;
  const max = options.maxSchemaBytes;
  const stages = await BuildRunner.start(config, {
    withTypes,
    cache: options.cache !== false,
    timings,
    onStage: options.onStage,
    onNote: options.onNote,
  });
  const hit = await stages.cached(max);
  if (hit) return stage.fromCache(config, hit, withTypes, options);
  try {
    const { page, loaded } = await load(stages, config, { maxSchemaBytes: max, stdin: options.stdin });
    const resolved = await dereference(stages, loaded, max);
    await inspect(stages, resolved);
    const { index, headingsBefore } = await indexDefinitions(stages, resolved, page);
    await options.checkInputs?.([...resolved.files.keys()]);
    const build: stage.PageBuild = { config, page, resolved, index, withTypes, ...stage.typeFiles(config) };
    const template = await stage.templateFiles(stages, config);
    const { model, referenceAnchors } = await stage.model(stages, build, headingsBefore);
    const attributesOf = await stage.attributes(stages, build, referenceAnchors?.definitions ?? model.definitions.map((d) => d.anchor));
    const attributes = await stage.attributesOutput(build, attributesOf);
    // The syntax trees served positions and the exact JSON of the model; the later stages read values.
    for (const file of resolved.files.values()) file.releaseTree();
    const rendered = await stage.render(stages, build, model, attributesOf);
    const linting = stage.lint(stages, build, rendered, referenceAnchors);
    const types = await stage.emitTypes(stages, build);
    const validator = await stage.emitValidator(stages, build);
    const pkg = await stage.emitPackage(stages, build, types, validator);
    await stage.verify(stages, build, types, validator, pkg);
    stage.lintResult(build, rendered.markdown, await linting, options);
    const built: BuiltPage = {
      config,
      model,
      docs: { file: config.docs, content: rendered.markdown },
      ...(types && validator ? { types: { file: config.types, content: types.content }, validator } : {}),
      ...(pkg ? { package: pkg } : {}),
      ...(attributes ? { attributes } : {}),
      inputs: [...resolved.files.keys(), ...template.files],
    };
    await stages.remember(resolved.files, template.hashes, built);
    return built;
  } finally {
    await stages.close();
  }
}

export interface GenerateResult {
  pages: BuiltPage[];
  written: WriteResult[];
  timings: Timings;
  /** With `--docs-out -` or `--types-out -`: that output's text, for stdout; nothing was written then. */
  stdout?: string;
}

/**
 * Builds every page in memory, and only when all of them succeed writes what changed, all or
 * nothing (stages/write.ts). `write.beforeRename` is the write's test hook (`WriteOptions` of stages/write.ts).
 * When the page or the types go to stdout (`-`), that one output is returned as `stdout`
 * and no file is written; with the page on stdout, only the page is built.
 */
export async function generate(
  overrides: Overrides = {},
  options: BuildOptions = {},
  write: { beforeRename?: (position: number, target: string) => void | Promise<void> } = {},
): Promise<GenerateResult> {
  const pages = await resolvePages({ ...overrides, writes: true });
  const piped = pages.length === 1 && (pages[0]!.docs === STDIO || pages[0]!.types === STDIO) ? pages[0]! : undefined;
  if (piped?.types === STDIO && options.types === false)
    throw new DocgenError({
      file: "--types-out -",
      message: "the types go to stdout, and --no-types builds none",
      hint: "leave out --no-types, or send the page to stdout with --docs-out -",
    });
  const pageOptions = piped?.docs === STDIO ? { ...options, types: false } : options;
  const buildOptions = piped ? pageOptions : { ...pageOptions, checkInputs: await checkOutputPaths(pages, pageOptions) };
  const timings: Timings = {};
  const built: BuiltPage[] = [];
  for (const [index, page] of pages.entries()) built.push(await buildPage(page, timings, withPlace(buildOptions, index, pages.length)));
  if (piped) {
    const out = pageOutputs(built[0]!).find((o) => o.file === STDIO)!;
    return { pages: built, written: [], timings, stdout: out.content };
  }
  options.onStage?.(pages.length === 1 ? pages[0]!.name : `${pages.length} pages`, "write");
  const start = performance.now();
  const written = await writeOutputs(built.flatMap(pageOutputs), { ...write, inputs: await runInputs(overrides, built) });
  timings.write = performance.now() - start;
  return { pages: built, written, timings };
}

/** How an output compares with the file on disk. */
export type OutputStatus = "current" | "stale" | "missing";

export interface StaleOutput {
  file: string;
  /** `stale`: the file differs; `missing`: there is none. */
  status: Exclude<OutputStatus, "current">;
  /**
   * A unified diff from what is on disk (nothing, when missing) to what would be generated, for a terminal
   * or a log: names printable, and control characters and CI commands in its lines escaped (`terminalLines`).
   */
  diff: string;
}

export interface CheckResult {
  pages: BuiltPage[];
  /** Every output of the run, in order, with its status. */
  outputs: { file: string; status: OutputStatus }[];
  /** The outputs that are stale or missing. */
  stale: StaleOutput[];
}

/** Builds every page in memory and reports the outputs that differ from the files on disk. Writes nothing. */
export async function check(overrides: Overrides = {}, options: BuildOptions = {}): Promise<CheckResult> {
  refuseStdio(
    [
      ["--docs-out", overrides.docsOut],
      ["--types-out", overrides.typesOut],
    ],
    "check compares the outputs with their files, and stdout is not a file",
    (flag) => `give ${flag} the output's path, or run generate with ${flag} - to see what it would be`,
  );
  const pages = await resolvePages(overrides);
  await checkOutputPaths(pages, options);
  const built: BuiltPage[] = [];
  for (const [index, page] of pages.entries()) built.push(await buildPage(page, {}, withPlace(options, index, pages.length)));
  const stale: StaleOutput[] = [];
  const outputs: CheckResult["outputs"] = [];
  const { createTwoFilesPatch } = await import("diff");
  for (const { output: out, current: bytes, changed } of await inspectOutputs(
    built.flatMap(pageOutputs),
    await runInputs(overrides, built),
  )) {
    const status: OutputStatus = bytes === undefined ? "missing" : changed ? "stale" : "current";
    outputs.push({ file: out.file, status });
    if (status === "current") continue;
    const current = bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
    // Shown on a terminal or in a CI log: the names printable, and the lines (the file's text, which
    // schema text reaches) with no control character and no CI command (core/problems.ts).
    const name = printable(displayPath(out.file));
    const diff = terminalLines(
      createTwoFilesPatch(
        `a/${name}`,
        `b/${name}`,
        current ?? "",
        out.content,
        current === undefined ? "(missing)" : "on disk",
        "regenerated",
        { context: 3 },
      ),
    );
    stale.push({ file: out.file, status, diff });
  }
  return { pages: built, outputs, stale };
}

/** The build options of one page of a run: its stages are reported with its place among the pages. */
function withPlace(options: BuildOptions, index: number, count: number): BuildOptions {
  const onStage = options.onStage;
  return onStage ? { ...options, onStage: (page, stage) => onStage(page, stage, { index, count }) } : options;
}

/**
 * Before any build: the outputs every page will write, and the inputs known
 * without building (the config, each page's schema and template), through the
 * write stage's own checks. Two outputs that are one file, or an output that is
 * an input, a device or a FIFO, are refused at once rather than after a long
 * build. Returns the same check against the files a schema refers to, which each
 * page runs once its stage 2 has found them (an output that is one of those is
 * refused before that page is built, not after every page is); the write stage
 * checks again, with every file the schemas refer to. An events package's folder must hold
 * nothing but the package's own files (stages/emit-package-folder.ts).
 */
async function checkOutputPaths(pages: PageConfig[], options: BuildOptions): Promise<(files: string[]) => Promise<void>> {
  const files = pages.flatMap((p) => [
    p.docs,
    ...(options.types === false || p.sharedTypes
      ? []
      : [p.types, validatorFileOf(p), ...(p.attributes === undefined ? [] : [p.attributes])]),
  ]);
  const inputs = [...new Set(pages.flatMap((p) => [...(p.configFile === undefined ? [] : [p.configFile]), p.schema, p.template]))];
  const outputs = files.map((file) => ({ file, content: "" }));
  await inspectOutputs(outputs, inputs, { readCurrent: false });
  // An events package's folder holds only its files: anything else there would be installed with it, unchecked.
  // Checked on every run, a cache hit too (the cache knows the outputs, not the folder); loaded only for a page with a package.
  const packageDirs = pages.flatMap((p) => (p.package === undefined || options.types === false || p.sharedTypes ? [] : [p.package.dir]));
  if (packageDirs.length > 0) {
    const { packageFolderProblem } = await import("../stages/emit-package-folder.js");
    const folderProblems = (await Promise.all([...new Set(packageDirs)].map(packageFolderProblem))).filter((p) => p !== undefined);
    if (folderProblems.length > 0) throw new DocgenError(folderProblems);
  }
  return async (schemaFiles) => {
    await inspectOutputs(outputs, schemaFiles, { readCurrent: false });
  };
}

/** Every file a run reads: the config and each page's inputs. */
async function runInputs(overrides: Overrides, built: BuiltPage[]): Promise<string[]> {
  const config = built[0]?.config.configFile ?? (await findConfig(overrides));
  return [...(config === undefined ? [] : [config]), ...built.flatMap((b) => b.inputs)];
}
