/**
 * The config: which pages to build, from which schema and template, to which
 * outputs. `cws-docgen.config.json` (paths relative to it), validated with Ajv;
 * command-line flags override one page's fields (paths relative to the cwd).
 * Without `--config`, the config is the first `cws-docgen.config.json` found in
 * the current folder or a folder above it, up to the repository's root (as prettier and eslint
 * look for theirs), and only one that no other user could have put there. `-` for `--schema` is stdin, for `--docs-out` or `--types-out`
 * stdout (`STDIO`: kept as it is, not made a path).
 */
import { dirname, relative, resolve, sep } from "node:path";
import type { ErrorObject } from "ajv";
import { matchesConfigShape } from "./config-shape.js";
import { CONFIG_SCHEMA } from "./config-schema.js";
import { closest } from "../core/similar.js";
import { findNodeAtLocation } from "jsonc-parser";
import { DocgenError, lineColumn, pointerOf, pointerTokens, printable, type Place, type Problem } from "../core/problems.js";
import { getAtPointer } from "../core/schema-walk.js";
import { STDIO, describeFsError, displayPath, readInputFile } from "../core/files.js";
import { CONFIG_FILE, findConfig } from "./find-config.js";
import { type LoadedJson, parseJsonText } from "../core/json-text.js";
import { DEFAULT_TEMPLATE } from "../core/package-root.js";
export type { Overrides, PackageConfig, PageConfig, ResolvedPage } from "./page-config.js";
import { checkFrontMatter, checkPageFields, linkUrlProblem } from "./page-fields.js";
import { configBanner, flagsBanner } from "./banner.js";
import { stemOf } from "./neutral-defaults.js";
import { FILE_FLAGS, type FileFlag, type Overrides, type PackageConfig, type PageConfig } from "./page-config.js";
import { stringLiteral } from "../core/js-escape.js";
import { rootTypeProblem } from "../core/ts-names.js";
import { packageDirProblem, packageFieldPatternProblem, packageNameProblem } from "./package-config.js";

/** The characters a reference page's relative file may have: it goes into a `relref` shortcode's quoted argument. */
export const REFERENCE_FILE = /^[A-Za-z0-9._/-]+\.md$/;

/** The pages a command works on: from the config, with the flags applied. */
export async function resolvePages(o: Overrides, cwd = process.cwd()): Promise<PageConfig[]> {
  checkStdio(o);
  const configFile = await findConfig(o, cwd);
  const shown = configFile === undefined ? CONFIG_FILE : displayPath(configFile, cwd);
  let pages: PageConfig[];
  if (configFile !== undefined) {
    pages = await loadConfig(configFile, shown);
  } else if (o.schema) {
    pages = [defaultPage(cwd, o.schema)];
  } else {
    throw new DocgenError({
      file: CONFIG_FILE,
      message: `no config file in ${cwd} or any folder above it up to the repository's root, and no --schema given`,
      hint: `run in (or under) the folder that has ${CONFIG_FILE}, or pass --config FILE or --schema FILE`,
    });
  }
  if (o.page !== undefined) {
    const chosen = pages.filter((p) => p.name === o.page);
    if (chosen.length === 0) {
      const near = closest(
        o.page,
        pages.map((p) => p.name),
      );
      throw new DocgenError({
        file: shown,
        message: `no page named ${JSON.stringify(o.page)}`,
        hint: `${near === undefined ? "" : `did you mean --page ${/^[\w.-]+$/.test(near) ? near : JSON.stringify(near)}? `}the pages are: ${pages.map((p) => p.name).join(", ")}`,
      });
    }
    pages = chosen;
  }
  const given = Object.fromEntries(FILE_FLAGS.map((f) => [f.key, o[f.override]])) as Record<FileFlag["key"], string | undefined>;
  if (Object.values(given).some((v) => v !== undefined)) {
    if (pages.length > 1)
      throw new DocgenError({
        file: shown,
        message: `${FILE_FLAGS.slice(0, -1)
          .map((f) => f.flag)
          .join(", ")} and ${FILE_FLAGS.at(-1)!.flag} apply to one page, and the config has several`,
        hint: "choose one with --page NAME",
      });
    const page = pages[0]!;
    if (configFile !== undefined && o.writes === true) refuseForeignSchema(o, page, cwd);
    // A flag that names the config page's own file is no override: the page is built as the config makes it.
    const flags =
      configFile === undefined
        ? given
        : (Object.fromEntries(
            Object.entries(given).map(([key, value]) => [
              key,
              value !== undefined && value !== STDIO && resolve(cwd, value) === page[key as keyof typeof given] ? undefined : value,
            ]),
          ) as typeof given);
    if (Object.values(flags).every((v) => v === undefined)) return pages;
    for (const [key, value] of Object.entries(flags))
      if (value !== undefined) page[key as keyof typeof flags] = value === STDIO ? STDIO : resolve(cwd, value);
    // Another schema, or outputs elsewhere, is another build: the config's events package (made from
    // its own schema, into its own folder) is not written from it.
    if (flags.schema !== undefined || flags.docs !== undefined || flags.types !== undefined) {
      delete page.package;
      delete page.attributes;
    }
    // Types given on the command line are this page's own, and so is their validator (beside them, unless named).
    if (flags.types !== undefined) delete page.sharedTypes;
    if (flags.types !== undefined && flags.validator === undefined) delete page.validator;
    if (flags.schema !== undefined || flags.docs !== undefined) delete page.reference;
    page.banner = flagsBanner(page, flags, configFile, cwd);
  }
  return pages;
}

/**
 * A config page's schema replaced by `--schema` with outputs left where the config puts them would
 * overwrite the page's committed outputs with another schema's, and leave its attribute index and
 * events package from the old one: refused unless the flags name where this schema's outputs go.
 */
function refuseForeignSchema(o: Overrides, page: PageConfig, cwd: string): void {
  if (o.schema === undefined || o.schema === STDIO || resolve(cwd, o.schema) === resolve(page.schema)) return;
  const missing = [
    ...(o.docsOut === undefined ? ["--docs-out FILE"] : []),
    ...(o.typesOut === undefined && o.types !== false ? ["--types-out FILE"] : []),
  ];
  if (missing.length === 0) return;
  throw new DocgenError({
    file: "--schema",
    message: `${printable(o.schema)} is not the schema of page ${printable(JSON.stringify(page.name))} (${printable(displayPath(page.schema, cwd))}), whose outputs the config names: another schema's page and types would replace them`,
    hint: `name where this schema's outputs go (${missing.join(" ")}${o.typesOut === undefined ? ", or --no-types for the page alone" : ""}), or give it a page of its own in the config`,
  });
}

/** The first of these flags given as `-` (stdin or stdout), refused with `message`; the hint names the flag. */
export function refuseStdio(
  flags: readonly (readonly [string, string | undefined])[],
  message: string,
  hint: (flag: string) => string,
): void {
  for (const [flag, value] of flags) if (value === STDIO) throw new DocgenError({ file: `${flag} ${STDIO}`, message, hint: hint(flag) });
}

/** `-` is stdin for --schema, stdout for --docs-out or --types-out, and for one of them only. */
function checkStdio(o: Overrides): void {
  const usage = (flag: string, message: string, hint: string) => new DocgenError({ file: `${flag} ${STDIO}`, message, hint });
  if (o.template === STDIO) throw usage("--template", "the template cannot come from stdin", "give the template's path");
  if (o.validatorOut === STDIO)
    throw usage(
      "--validator-out",
      "the validator cannot go to stdout (it imports the types from their file)",
      "give it a path, or send the types (--types-out -) or the page (--docs-out -) to stdout",
    );
  if (o.docsOut === STDIO && o.typesOut === STDIO)
    throw usage(
      "--types-out",
      "only one output can go to stdout in a run, and --docs-out is - too",
      "send the page and the types to stdout in two runs, or write one of them to a file",
    );
}

/** The page of a run without a config: named after the schema's file (`acme.schema.json` → `acme`), as `init` names it, its outputs `docs/acme.md` and `generated/acme.ts`. */
function defaultPage(dir: string, schema: string): PageConfig {
  const stem = stemOf(schema === STDIO ? "" : schema);
  return {
    name: stem,
    schema: schema === STDIO ? STDIO : resolve(dir, schema),
    template: DEFAULT_TEMPLATE,
    docs: resolve(dir, `docs/${stem}.md`),
    types: resolve(dir, `generated/${stem}.ts`),
    texts: {},
    banner: "",
  };
}

/** The pages of a config file (absolute paths); messages name it as `shown` (by default as given). */
export async function loadConfig(path: string, shown = path): Promise<PageConfig[]> {
  const configFile = resolve(path);
  const file = shown;
  let text: string;
  try {
    text = await readInputFile(configFile, { folder: dirname(configFile), name: "the config's folder" });
  } catch (err) {
    if (err instanceof DocgenError) throw err;
    throw new DocgenError({ file, message: `cannot read the config: ${describeFsError(err)}`, hint: "check the path given by --config" });
  }
  const loaded = parseJsonText(file, text, "the config");
  if (!matchesConfigShape(loaded.value)) throw new DocgenError(shapeProblems(loaded, file));
  const dir = dirname(configFile);
  // What the shape cannot say, each kind of problem reported alone, in this order.
  for (const problems of [fieldProblems, rootTypeProblems, packageProblems]) {
    const found = problems(loaded, file, dir);
    if (found.length > 0) throw new DocgenError(found);
  }
  const value = loaded.value as { pages: Record<string, unknown>[] };
  const names = new Set<string>();
  const pages: PageConfig[] = value.pages.map((p, i) => {
    const name = p.name as string;
    if (names.has(name))
      throw new DocgenError({
        file,
        pointer: `/pages/${i}/name`,
        message: `two pages are named ${JSON.stringify(name)}`,
        hint: "give each page its own name",
      });
    names.add(name);
    return pageOf(p, name, dir, configFile);
  });
  const at = (i: number, key: string) => placeOf(loaded, file, ["pages", i, key]);
  linkReferences(value, pages, dir, at);
  shareTypes(pages, at);
  return pages;
}

/** The config's shape problems as Ajv found them, each said in words at its place. */
function shapeProblems(loaded: LoadedJson, file: string): Problem[] {
  const errors = (matchesConfigShape.errors ?? []).filter((e) => e.keyword !== "propertyNames");
  return errors.map((e) => {
    const path = e.instancePath
      .split("/")
      .slice(1)
      .map((t) => (/^\d+$/.test(t) ? Number(t) : t.replace(/~1/g, "/").replace(/~0/g, "~")));
    if (e.keyword === "additionalProperties") return unknownKeyProblem(loaded, file, path, e);
    const node = findNodeAtLocation(loaded.tree, path);
    const place = { file, ...(node ? lineColumn(loaded.text, node.offset) : {}), pointer: e.instancePath };
    // A link's URL that the pattern refuses: said in words (the URL is the user's text, shown as printable).
    if (e.keyword === "pattern" && e.schemaPath.endsWith("/links/items/properties/url/pattern")) {
      const problem = linkUrlProblem(printable(JSON.stringify(getAtPointer(loaded.value, e.instancePath))));
      return { ...place, message: `config: ${problem.message}`, hint: problem.hint };
    }
    // A package.json field the pattern refuses: the same, in words.
    const field = e.keyword === "pattern" ? packageFieldPatternProblem(e, loaded.value) : undefined;
    if (field) return { ...place, message: `config: ${field.message}`, hint: field.hint };
    return {
      ...place,
      message: `config ${e.message ?? "is invalid"}`,
      hint: 'the config is {"pages": [{"name", "schema", "docs", "types", optional "template", "reference", "validator", "attributes", "rootType", "title", "description", "frontMatter": {key: value}, "allowReservedKeys", "literalPunctuation", "fields": {"intro": [string], "schemaFilename", "links": [{"label", "url"}], …}, "package": {"dir", "name", "version", optional "description", "keywords", "license", "repository", "engines", "publishConfig"}}]} (config.schema.json in the package describes it)',
    };
  });
}

/** One page of the config, its paths absolute (`dir`: the config's folder); its reference and shared types are linked after. */
function pageOf(p: Record<string, unknown>, name: string, dir: string, configFile: string): PageConfig {
  return {
    name,
    schema: resolve(dir, p.schema as string),
    template: typeof p.template === "string" ? resolve(dir, p.template) : DEFAULT_TEMPLATE,
    docs: resolve(dir, p.docs as string),
    // A page without types (it has a reference, checked below) names its reference page's, set below.
    types: typeof p.types === "string" ? resolve(dir, p.types) : "",
    ...(typeof p.types === "string" ? {} : { sharedTypes: true as const }),
    ...(typeof p.validator === "string" ? { validator: resolve(dir, p.validator) } : {}),
    ...(typeof p.attributes === "string" ? { attributes: resolve(dir, p.attributes) } : {}),
    ...(typeof p.rootType === "string" ? { rootType: p.rootType } : {}),
    texts: Object.fromEntries(["title", "description", "frontMatter", "fields"].filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
    banner: configBanner(p, configFile),
    ...(p.literalPunctuation === true ? { literalPunctuation: true } : {}),
    ...(Array.isArray(p.allowReservedKeys) ? { allowReservedKeys: p.allowReservedKeys as string[] } : {}),
    configFile,
    ...packageOf(p.package, dir),
  };
}

/** Each page's `reference`: another page of this config, from the same schema; a page without types must have one. */
function linkReferences(
  value: { pages: Record<string, unknown>[] },
  pages: PageConfig[],
  dir: string,
  at: (i: number, key: string) => Place,
): void {
  value.pages.forEach((p, i) => {
    const page = pages[i]!;
    const name = p.reference;
    if (typeof name !== "string") {
      if (page.sharedTypes)
        throw new DocgenError({
          ...at(i, "name"),
          message: `config: page ${JSON.stringify(page.name)} has no "types" and no "reference"`,
          hint: 'give it "types" (a .ts file), or a "reference" page whose types it shares',
        });
      return;
    }
    const target = pages.find((q) => q.name === name);
    const problem =
      name === page.name
        ? `config: page ${JSON.stringify(page.name)} is its own reference`
        : target === undefined
          ? `config: the reference of page ${JSON.stringify(page.name)}, ${JSON.stringify(name)}, is no page of this config`
          : target.schema !== page.schema
            ? `config: page ${JSON.stringify(page.name)} is built from ${displayPath(page.schema, dir)} and its reference ${JSON.stringify(name)} from ${displayPath(target.schema, dir)}`
            : undefined;
    if (problem !== undefined || target === undefined)
      throw new DocgenError({
        ...at(i, "reference"),
        message: problem ?? "config: no reference",
        hint: `${didYouMeanPage(target === undefined ? name : undefined, pages)}a reference is another page of this config built from the same schema (the pages are: ${pages.map((q) => q.name).join(", ")})`,
      });
    const relativeFile = relative(dirname(page.docs), target.docs).split(sep).join("/");
    if (!REFERENCE_FILE.test(relativeFile))
      throw new DocgenError({
        ...at(i, "reference"),
        message: `config: the reference page's file, seen from page ${JSON.stringify(page.name)}, is ${JSON.stringify(relativeFile)}, which a Hugo relref link cannot name`,
        hint: "name the page files with A-Z a-z 0-9 . _ / - and end them with .md",
      });
    page.reference = { name: target.name, docs: target.docs, file: relativeFile, texts: target.texts };
  });
}

/** A page without types names the types of the first page with types along its references. */
function shareTypes(pages: PageConfig[], at: (i: number, key: string) => Place): void {
  pages.forEach((page, i) => {
    if (!page.sharedTypes) return;
    const seen = new Set<string>();
    let owner: PageConfig | undefined = page;
    while (owner?.sharedTypes && !seen.has(owner.name)) {
      seen.add(owner.name);
      owner = pages.find((q) => q.name === owner!.reference?.name);
    }
    if (owner === undefined || owner.sharedTypes)
      throw new DocgenError({
        ...at(i, "reference"),
        message: `config: page ${JSON.stringify(page.name)} has no "types", and no page along its references has any`,
        hint: 'give one of these pages "types"',
      });
    page.types = owner.types;
  });
}

/**
 * A key the config's shape does not have (`roottype`), placed at the key itself (its line:column,
 * the pointer to it), with the known key it most likely meant, else the keys allowed there: the
 * object's `properties` in the config's schema, found through the error's schema path.
 */
function unknownKeyProblem(loaded: LoadedJson, file: string, path: (string | number)[], e: ErrorObject): Problem {
  const key = (e.params as { additionalProperty: string }).additionalProperty;
  const keyNode = findNodeAtLocation(loaded.tree, [...path, key])?.parent?.children?.[0];
  const schema = getAtPointer(CONFIG_SCHEMA, e.schemaPath.replace(/^#/, "").replace(/\/additionalProperties$/, "")) as {
    properties?: Record<string, unknown>;
  };
  const known = Object.keys(schema?.properties ?? {}).filter((k) => k !== "$schema");
  const near = closest(key, known);
  return {
    file,
    ...(keyNode ? lineColumn(loaded.text, keyNode.offset) : {}),
    pointer: pointerOf([...pointerTokens(e.instancePath), key]),
    message: `config: unknown key ${JSON.stringify(key)}`,
    hint: near !== undefined ? `did you mean "${near}"?` : `the keys here are ${known.map((k) => `"${k}"`).join(", ")}`,
  };
}

/** `did you mean "linux"? ` for a name that is no page's but close to one's; else nothing. */
function didYouMeanPage(name: string | undefined, pages: PageConfig[]): string {
  const near =
    name === undefined
      ? undefined
      : closest(
          name,
          pages.map((p) => p.name),
        );
  return near === undefined ? "" : `did you mean ${JSON.stringify(near)}? `;
}

/** Where a value of the config is: the file, its line:column, its JSON pointer. */
function placeOf(loaded: LoadedJson, file: string, path: (string | number)[]): Place {
  const node = findNodeAtLocation(loaded.tree, path);
  return { file, ...(node ? lineColumn(loaded.text, node.offset) : {}), pointer: `/${path.join("/")}` };
}

/** The pages' `fields` and `frontMatter` (page-fields.ts). */
function fieldProblems(loaded: LoadedJson, file: string): Problem[] {
  return (loaded.value as { pages: { fields?: Record<string, unknown> }[] }).pages.flatMap((p, i) => [
    ...checkPageFields(p.fields ?? {}).map((f) => ({
      ...placeOf(loaded, file, ["pages", i, "fields", ...f.path]),
      message: `config: ${f.message}`,
      hint: f.hint,
    })),
    ...checkFrontMatter(p).map((f) => ({
      ...placeOf(loaded, file, ["pages", i, ...f.path]),
      message: `config: ${f.message}`,
      hint: f.hint,
    })),
  ]);
}

/** The root type's name goes into the generated modules as an identifier: it must be one that means the type there. */
function rootTypeProblems(loaded: LoadedJson, file: string): Problem[] {
  return (loaded.value as { pages: { rootType?: unknown }[] }).pages.flatMap((p, i) => {
    const why = typeof p.rootType === "string" ? rootTypeProblem(p.rootType) : undefined;
    if (why === undefined) return [];
    return [
      {
        ...placeOf(loaded, file, ["pages", i, "rootType"]),
        message: `config: rootType ${stringLiteral(p.rootType as string)} ${why}`,
        hint: 'name the root type like "BackendEvent": an ASCII identifier of your own',
      },
    ];
  });
}

/** The events package's name goes to npm and into apps' imports; its folder is the package's alone (package-config.ts). */
function packageProblems(loaded: LoadedJson, file: string, dir: string): Problem[] {
  return (loaded.value as { pages: { package?: { dir: string; name: string } }[] }).pages.flatMap((p, i) => {
    if (p.package === undefined) return [];
    const problems: Problem[] = [];
    const name = packageNameProblem(p.package.name);
    if (name !== undefined)
      problems.push({
        ...placeOf(loaded, file, ["pages", i, "package", "name"]),
        message: `config: the package name ${stringLiteral(p.package.name)} ${name}`,
        hint: 'name the package like "cws-backend-events" or "@your-scope/events": lower case, URL-safe, at most 214 characters, no core module of Node',
      });
    const folder = packageDirProblem(resolve(dir, p.package.dir), dir);
    if (folder !== undefined)
      problems.push({
        ...placeOf(loaded, file, ["pages", i, "package", "dir"]),
        message: `config: the package folder ${stringLiteral(p.package.dir)} ${folder}`,
        hint: 'give the package a folder of its own, such as "generated/events"',
      });
    return problems;
  });
}

/** The page's `package` (its shape checked already), with its folder made absolute. */
function packageOf(value: unknown, dir: string): { package?: PackageConfig } {
  if (typeof value !== "object" || value === null) return {};
  const p = value as PackageConfig;
  return { package: { ...p, dir: resolve(dir, p.dir) } };
}

/** Where a page's validator goes when its config names none: next to the types, `X.ts` → `X.validator.ts`. */
export function defaultValidatorFile(typesFile: string): string {
  const base = typesFile.replace(/(\.d)?\.[cm]?ts$/, "");
  return `${base}.validator.ts`;
}

/** The validator file of a page: the config's, or the default next to the types. */
export function validatorFileOf(page: PageConfig): string {
  return page.validator ?? defaultValidatorFile(page.types);
}
