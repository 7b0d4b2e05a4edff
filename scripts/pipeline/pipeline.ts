/**
 * The pipeline: load → dereference → inspect → model → render → lint → emit types → emit validator → emit package → verify → write.
 * `buildPage` runs every stage but the last, in memory; `generate` writes what
 * changed; `check` compares with what is on disk and writes nothing.
 */
import { basename, dirname, join, resolve } from "node:path";
import { resolvePages, validatorFileOf, type Overrides, type PageConfig, refuseStdio } from "../config/config.js";
import { findConfig } from "../config/find-config.js";
import { DocgenError, printable, terminalLines } from "../core/problems.js";
import type { PageModel } from "../stages/04-model.js";
import type { AttributeIndex } from "../stages/05-attributes.js";
import type { TypeScriptStages } from "../stages/11-verify-thread.js";
import { inspectOutputs, writeOutputs, type WriteOptions, type WriteResult } from "../stages/12-write.js";
import type { Output } from "../core/files.js";
import { STDIO, displayPath } from "../core/files.js";
import type { Stage, Timings } from "./stages.js";
import { introHeadings, readPage, stageTimer, syncStageTimer, type StageTimer } from "./read.js";
import { reservedKeyWarnings } from "../stages/07-lint/front-matter.js";

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

export { STAGES, type Stage, type Timings } from "./stages.js";

export interface BuildOptions {
  /** Emit the types too (default true). Without them, only the page is built and written. */
  types?: boolean;
  /** Use the build cache (default true): an unchanged page is not built again. */
  cache?: boolean;
  /** The most the schema and its files may weigh together, in bytes (default 16 MiB). */
  maxSchemaBytes?: number;
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
}

/** Tells `onWarning` (default: stderr) about the page's front matter keys that current Hugo reserves (stages/07-lint/front-matter.ts). */
function warnFrontMatter(config: PageConfig, markdown: string, options: BuildOptions): void {
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

export async function buildPage(config: PageConfig, timings: Timings = {}, options: BuildOptions = {}): Promise<BuiltPage> {
  // A page that shares its reference page's types emits none (that page does).
  const withTypes = options.types !== false && config.sharedTypes !== true;
  // A schema from stdin has no file to hash: it is always built.
  const useCache = options.cache !== false && config.schema !== STDIO;
  // Types that go to stdout are emitted (and verified, with their validator) as if they were a file in the current folder.
  const typesFile = config.types === STDIO ? resolve("stdout.ts") : config.types;
  const validatorFile = config.types === STDIO ? resolve("stdout.validator.ts") : validatorFileOf(config);
  const time = stageTimer(config.name, timings, options.onStage);
  const cache = useCache ? await import("./cache.js") : undefined;
  if (cache) {
    const hit = await time("cache", () => cache.readCache(config, withTypes, options.maxSchemaBytes));
    if (hit) {
      // The outputs go where the config puts them: the package's files by name, in its folder.
      const pkg = config.package;
      const typed =
        withTypes && hit.types !== undefined && hit.validator !== undefined
          ? {
              types: { file: config.types, content: hit.types },
              validator: { file: validatorFile, content: hit.validator },
              ...(hit.package && pkg ? { package: hit.package.map((f) => ({ file: join(pkg.dir, f.name), content: f.content })) } : {}),
            }
          : {};
      const attributes =
        withTypes && hit.attributes !== undefined && config.attributes !== undefined
          ? { attributes: { file: config.attributes, content: hit.attributes } }
          : {};
      warnFrontMatter(config, hit.docs, options);
      return { config, docs: { file: config.docs, content: hit.docs }, ...typed, ...attributes, inputs: hit.inputs.map((i) => i.file) };
    }
  }
  // TypeScript, which only stages 10 and 11 need and which takes longer to load than the stages
  // before them take to run, starts loading now, in a thread of its own.
  const typescript = withTypes ? (await import("../stages/11-verify-thread.js")).startTypeScript() : undefined;
  try {
    return await buildStages(config, { withTypes, typesFile, validatorFile }, options, typescript, { time, timings }, cache);
  } finally {
    await typescript?.close();
  }
}

/** Stages 1 to 11 of a page that was not in the cache. */
async function buildStages(
  config: PageConfig,
  { withTypes, typesFile, validatorFile }: { withTypes: boolean; typesFile: string; validatorFile: string },
  options: BuildOptions,
  typescript: TypeScriptStages | undefined,
  { time, timings }: { time: StageTimer; timings: Timings },
  cache: typeof import("./cache.js") | undefined,
): Promise<BuiltPage> {
  // Stages load their libraries when first used: a cache hit never loads them, and a schema
  // refused by stages 1 to 4 never loads the template engine (render) or the Markdown parser (lint).
  // `page`: the config with the texts and root type it does not give made from the schema.
  const { page, resolved, index, headingsBefore } = await readPage(config, time, options.maxSchemaBytes);
  await options.checkInputs?.([...resolved.files.keys()]);
  const [{ indexAttributes, attributesDocument, attributesJson }, render] = await Promise.all([
    import("../stages/05-attributes.js"),
    import("../stages/06-render.js"),
  ]);
  const templateFiles = await render.templateInputs(config.template);
  const templateInputs = cache ? await cache.hashAll(templateFiles) : [];
  const { buildModel, pageAnchors } = await import("../stages/04-model.js");
  const model = await time("model", () => buildModel(resolved, index, { headingsBefore }));
  // The reference page (same schema, its own intro): the ids its headings get there, which this page links to.
  const reference = page.reference;
  const referenceAnchors = reference
    ? await time("model", async () => pageAnchors(index, await introHeadings(reference.page.intro)))
    : undefined;
  // The attribute index, worked out when first asked for (by the JSON output or a template that reads it); with a
  // reference page, its definitions' anchors are that page's.
  const timeSync = syncStageTimer(config.name, timings, options.onStage);
  let attributeIndex: AttributeIndex | undefined;
  const attributesOf = (): AttributeIndex =>
    (attributeIndex ??= timeSync("attributes", () =>
      indexAttributes(resolved, index, referenceAnchors?.definitions ?? model.definitions.map((d) => d.anchor)),
    ));
  const attributesFile =
    withTypes && config.attributes !== undefined && config.types !== STDIO && config.docs !== STDIO ? config.attributes : undefined;
  const attributes =
    attributesFile === undefined
      ? undefined
      : {
          file: attributesFile,
          content: attributesJson(attributesDocument(attributesOf(), { schema: basename(config.schema), rootType: page.rootType })),
        };
  // The syntax trees served positions and the exact JSON of the model; the later stages read values.
  for (const loaded of resolved.files.values()) loaded.releaseTree();
  // The template's and partials' sources: with the config's fields, the page's own texts, whose links are the only ones the lint lets through.
  const templates: string[] = [];
  const markdown = await time("render", () =>
    render.renderPage(model, page.page, displayPath(config.template), {
      literalPunctuation: config.literalPunctuation === true,
      attributes: attributesOf,
      ...(reference ? { reference: { name: reference.name, file: reference.file } } : {}),
      onSource: (source) => templates.push(source),
    }),
  );
  // Lint runs in worker threads on large pages while this thread emits the types and the validator.
  const { lintPageParallel } = await import("../stages/07-lint/lint.js");
  // The reference page's ids: its intro's headings, then its definitions' (as its own lint numbers them).
  const referenceIds =
    reference && referenceAnchors
      ? { name: reference.name, file: reference.file, ids: [...referenceAnchors.intro, ...referenceAnchors.definitions] }
      : undefined;
  const own = { fields: page.page, templates };
  const linting = time("lint", () => lintPageParallel(markdown, undefined, referenceIds ? { reference: referenceIds, own } : { own }));
  linting.catch(() => undefined);
  let typed: { types: Output; validator: Output; package?: Output[] } | undefined;
  if (withTypes) {
    const [{ emitTypes }, { emitValidator }] = await Promise.all([
      import("../stages/08-emit-types.js"),
      import("../stages/09-emit-validator.js"),
    ]);
    const types = await time("types", () => emitTypes(resolved, index, { rootName: page.rootType, typesFile }));
    const validator = await time("validator", () => emitValidator(resolved, { rootName: page.rootType, typesFile, validatorFile }));
    typed = { types: { file: typesFile, content: types }, validator: { file: validatorFile, content: validator } };
    // The events package, when the config asks for one and the outputs go to files.
    const pkg = config.package;
    if (pkg && config.types !== STDIO && config.docs !== STDIO) {
      const schema = await resolved.bundled();
      typed.package = await time("package", () =>
        typescript!.emitPackage({
          rootName: page.rootType,
          package: pkg,
          types,
          validator,
          schema,
          schemaName: basename(config.schema),
          title: page.page.title,
        }),
      );
    }
    // Parsed by the TypeScript compiler: exactly the declarations the schema defines, or nothing is written.
    await time("verify", () => typescript!.verify(resolved, index, { rootName: page.rootType, ...typed! }));
    typed.types.file = config.types;
  }
  const messages = await linting;
  if (messages.length === 0) warnFrontMatter(config, markdown, options);
  if (messages.length > 0) {
    throw new DocgenError(
      messages.map((m) => ({
        file: config.docs === STDIO ? "<stdout>" : displayPath(config.docs),
        line: m.line,
        column: m.column,
        message: `the rendered page is broken (${m.rule}): ${m.message}`,
        hint: `nothing was written; the page comes from ${displayPath(config.template)} and ${displayPath(config.schema)}`,
      })),
    );
  }
  if (cache) {
    const schemaInputs = [...resolved.files.entries()].map(([file, l]) => ({ file, sha256: cache.hashText(l.text) }));
    await cache.writeCache(config, withTypes, [...schemaInputs, ...templateInputs], {
      docs: markdown,
      ...(typed ? { types: typed.types.content, validator: typed.validator.content } : {}),
      ...(typed?.package && config.package ? { package: packageFileNames(typed.package, config.package.dir) } : {}),
      ...(attributes ? { attributes: attributes.content } : {}),
    });
  }
  return {
    config,
    model,
    docs: { file: config.docs, content: markdown },
    ...typed,
    ...(attributes ? { attributes } : {}),
    inputs: [...resolved.files.keys(), ...templateFiles],
  };
}

/** The events package's files by name inside its folder, as the cache keeps them. */
function packageFileNames(files: Output[], dir: string): { name: string; content: string }[] {
  return files.map((f) => {
    if (dirname(f.file) !== resolve(dir)) throw new Error(`an events package file outside its folder: ${f.file}`);
    return { name: basename(f.file), content: f.content };
  });
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
 * nothing (stages/12-write.ts). `write.beforeRename` is the write's test hook (see `WriteOptions`).
 * When the page or the types go to stdout (`-`), that one output is returned as `stdout`
 * and no file is written; with the page on stdout, only the page is built.
 */
export async function generate(
  overrides: Overrides = {},
  options: BuildOptions = {},
  write: Pick<WriteOptions, "beforeRename"> = {},
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
 * nothing but the package's own files (stages/10-emit-package-folder.ts).
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
    const { packageFolderProblem } = await import("../stages/10-emit-package-folder.js");
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
