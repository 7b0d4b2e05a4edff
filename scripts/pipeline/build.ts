/**
 * Stages 4 to 11 of `buildPage` (pipeline.ts), one function each, run through
 * the build's `BuildRunner`; and a page made of a cache entry instead.
 * Stages 1 to 4's first half, which the `attributes` command shares, are in read.ts.
 */
import { basename, join, resolve } from "node:path";
import { validatorFileOf, type PageConfig, type ResolvedPage } from "../config/config.js";
import { STDIO, displayPath, type Output } from "../core/files.js";
import { DocgenError } from "../core/problems.js";
import type { ResolvedSchema } from "../stages/dereference.js";
import type { DefinitionIndex, PageModel } from "../stages/model.js";
import type { AttributeIndex } from "../stages/index-attributes.js";
import type { LintMessage } from "../stages/lint/chunk.js";
import type { CacheEntry } from "./cache.js";
import { warnFrontMatter, type BuildOptions, type BuiltPage } from "./page.js";
import { introHeadings } from "./read.js";
import type { BuildRunner } from "./runner.js";

/** What the stages after 3 share: the page, its schema, and where its types go. */
export interface PageBuild {
  config: PageConfig;
  /** The config with the texts and root type it does not give made from the schema. */
  page: ResolvedPage;
  resolved: ResolvedSchema;
  index: DefinitionIndex;
  withTypes: boolean;
  /** Types that go to stdout are emitted (and verified, with their validator) as if they were a file in the current folder. */
  typesFile: string;
  validatorFile: string;
}

/** The files the types and the validator are emitted as (stdout's: files in the current folder). */
export function typeFiles(config: PageConfig): { typesFile: string; validatorFile: string } {
  return {
    typesFile: config.types === STDIO ? resolve("stdout.ts") : config.types,
    validatorFile: config.types === STDIO ? resolve("stdout.validator.ts") : validatorFileOf(config),
  };
}

/** A page whose inputs are unchanged, from its cache entry: the outputs where the config puts them, the package's by name in its folder. */
export function fromCache(config: PageConfig, hit: CacheEntry, withTypes: boolean, options: BuildOptions): BuiltPage {
  const pkg = config.package;
  const typed =
    withTypes && hit.types !== undefined && hit.validator !== undefined
      ? {
          types: { file: config.types, content: hit.types },
          validator: { file: typeFiles(config).validatorFile, content: hit.validator },
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

/** The template and its partials: the files, and their hashes for the cache. */
export async function templateFiles(stages: BuildRunner, config: PageConfig): Promise<{ files: string[]; hashes: CacheEntry["inputs"] }> {
  const files = await (await import("../stages/render.js")).templateInputs(config.template);
  return { files, hashes: await stages.hashAll(files) };
}

/** The ids a reference page (same schema, its own intro) gives its headings, which this page links to. */
type Anchors = { intro: string[]; definitions: string[] };

/** Stage 4's second half: the page model; with a reference page, that page's anchors. */
export async function model(
  stages: BuildRunner,
  { resolved, index, page }: PageBuild,
  headingsBefore: string[],
): Promise<{ model: PageModel; referenceAnchors?: Anchors }> {
  const { buildModel, pageAnchors } = await import("../stages/model.js");
  const model = await stages.run("model", () => buildModel(resolved, index, { headingsBefore }));
  const reference = page.reference;
  if (!reference) return { model };
  return { model, referenceAnchors: await stages.run("model", async () => pageAnchors(index, await introHeadings(reference.page.intro))) };
}

/**
 * Stage 5: the attribute index, worked out when first asked for (by the JSON output or a template
 * that reads it); with a reference page, its definitions' anchors are that page's.
 */
export async function attributes(
  stages: BuildRunner,
  { resolved, index }: PageBuild,
  definitions: string[],
): Promise<() => AttributeIndex> {
  const { indexAttributes } = await import("../stages/index-attributes.js");
  let attributeIndex: AttributeIndex | undefined;
  return () => (attributeIndex ??= stages.runNow("attributes", () => indexAttributes(resolved, index, definitions)));
}

/** The attribute index's JSON file, when the page's config asks for one and the outputs go to files. */
export async function attributesOutput(
  { config, page, withTypes }: PageBuild,
  attributesOf: () => AttributeIndex,
): Promise<Output | undefined> {
  if (!withTypes || config.attributes === undefined || config.types === STDIO || config.docs === STDIO) return undefined;
  const { attributesDocument, attributesJson } = await import("../stages/index-attributes.js");
  const document = attributesDocument(attributesOf(), { schema: basename(config.schema), rootType: page.rootType });
  return { file: config.attributes, content: attributesJson(document) };
}

/** Stage 6: the Markdown page, and the template's and partials' sources (whose links the lint lets through). */
export async function render(
  stages: BuildRunner,
  { config, page }: PageBuild,
  model: PageModel,
  attributesOf: () => AttributeIndex,
): Promise<{ markdown: string; templates: string[] }> {
  const templates: string[] = [];
  const reference = page.reference;
  const markdown = await stages.run("render", async () =>
    (await import("../stages/render.js")).renderPage(model, page.page, displayPath(config.template), {
      literalPunctuation: config.literalPunctuation === true,
      attributes: attributesOf,
      ...(reference ? { reference: { name: reference.name, file: reference.file } } : {}),
      onSource: (source) => templates.push(source),
    }),
  );
  return { markdown, templates };
}

/**
 * Stage 7, started: on a large page, worker threads parse it while this thread runs stages 8–11.
 * Its links are checked against the page's own texts and the reference page's ids (its intro's headings, then its definitions').
 */
export function lint(
  stages: BuildRunner,
  { page }: PageBuild,
  { markdown, templates }: { markdown: string; templates: string[] },
  referenceAnchors: Anchors | undefined,
): Promise<LintMessage[]> {
  const reference = page.reference;
  const referenceIds =
    reference && referenceAnchors
      ? { name: reference.name, file: reference.file, ids: [...referenceAnchors.intro, ...referenceAnchors.definitions] }
      : undefined;
  const own = { fields: page.page, templates };
  const linting = stages.run("lint", async () =>
    (await import("../stages/lint/lint.js")).lintPageParallel(
      markdown,
      undefined,
      referenceIds ? { reference: referenceIds, own } : { own },
    ),
  );
  linting.catch(() => undefined);
  return linting;
}

/** Stage 8: the TypeScript types, when the page has them. */
export async function emitTypes(
  stages: BuildRunner,
  { resolved, index, page, withTypes, typesFile }: PageBuild,
): Promise<Output | undefined> {
  if (!withTypes) return undefined;
  const content = await stages.run("types", async () =>
    (await import("../stages/emit-types.js")).emitTypes(resolved, index, { rootName: page.rootType, typesFile }),
  );
  return { file: typesFile, content };
}

/** Stage 9: the event validator, when the page has types. */
export async function emitValidator(
  stages: BuildRunner,
  { resolved, page, withTypes, typesFile, validatorFile }: PageBuild,
): Promise<Output | undefined> {
  if (!withTypes) return undefined;
  const content = await stages.run("validator", async () =>
    (await import("../stages/emit-validator.js")).emitValidator(resolved, { rootName: page.rootType, typesFile, validatorFile }),
  );
  return { file: validatorFile, content };
}

/** Stage 10, in the TypeScript thread: the events package, when the config asks for one and the outputs go to files. */
export async function emitPackage(
  stages: BuildRunner,
  { config, page, resolved }: PageBuild,
  types: Output | undefined,
  validator: Output | undefined,
): Promise<Output[] | undefined> {
  const pkg = config.package;
  if (!types || !validator || !pkg || config.types === STDIO || config.docs === STDIO) return undefined;
  const schema = await resolved.bundled();
  return stages.run("package", () =>
    stages.typescript.emitPackage({
      rootName: page.rootType,
      package: pkg,
      types: types.content,
      validator: validator.content,
      schema,
      schemaName: basename(config.schema),
      title: page.page.title,
    }),
  );
}

/** Stage 11, in the TypeScript thread: the outputs hold exactly the declarations the schema defines, or nothing is written. */
export async function verify(
  stages: BuildRunner,
  { resolved, index, page }: PageBuild,
  types: Output | undefined,
  validator: Output | undefined,
  pkg: Output[] | undefined,
): Promise<void> {
  if (!types || !validator) return;
  await stages.run("verify", () =>
    stages.typescript.verify(resolved, index, { rootName: page.rootType, types, validator, ...(pkg ? { package: pkg } : {}) }),
  );
}

/** Stage 7's end: its messages thrown as problems, or else the front matter's warnings told. */
export function lintResult({ config }: PageBuild, markdown: string, messages: LintMessage[], options: BuildOptions): void {
  if (messages.length === 0) {
    warnFrontMatter(config, markdown, options);
    return;
  }
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
