/**
 * The config: which pages to build, from which schema and template, to which
 * outputs. `cws-docgen.config.json` (paths relative to it), validated with Ajv;
 * command-line flags override one page's fields (paths relative to the cwd).
 */
import { dirname, resolve } from "node:path";
import { matchesConfigShape } from "./config-shape.js";
import { findNodeAtLocation } from "jsonc-parser";
import { DocgenError, lineColumn, type Problem } from "../core/problems.js";
import { describeFsError, readInputFile, exists } from "../core/files.js";
import { parseJsonText } from "../core/json-text.js";
import { DEFAULT_TEMPLATE } from "../core/package-root.js";
import { DEFAULT_PAGE_FIELDS, checkPageFields, pageFields, type PageFields } from "./page-fields.js";
import { stringLiteral } from "../core/js-escape.js";
import { rootTypeProblem } from "../core/ts-names.js";

export const CONFIG_FILE = "cws-docgen.config.json";

/** One page to build, with absolute paths. */
export interface PageConfig {
  name: string;
  schema: string;
  template: string;
  docs: string;
  types: string;
  /** Where the runtime validator goes; by default next to `types` (`X.ts` → `X.validator.ts`). */
  validator?: string;
  /** Name of the root interface in the types. */
  rootType: string;
  /** Text for the template: `page.title`, `page.description`, and any `fields`. */
  page: PageFields;
  /** Schema text writes quotes, `--` and `...` as entities, which Hugo's typographer leaves as written (default false). */
  literalPunctuation?: boolean;
}

export { DEFAULT_PAGE_FIELDS };

export const DEFAULT_PAGE = {
  name: "backend",
  schema: "schema/backend.schema.json",
  docs: "docs/backend.md",
  types: "generated/backend-event.ts",
  rootType: "BackendEvent",
};

export interface Overrides {
  config?: string;
  page?: string;
  schema?: string;
  template?: string;
  docsOut?: string;
  typesOut?: string;
  validatorOut?: string;
}

/** The pages a command works on: from the config, with the flags applied. */
export async function resolvePages(o: Overrides, cwd = process.cwd()): Promise<PageConfig[]> {
  const configFile = o.config ? resolve(cwd, o.config) : resolve(cwd, CONFIG_FILE);
  let pages: PageConfig[];
  if (o.config || (await exists(configFile))) {
    pages = await loadConfig(configFile);
  } else if (o.schema) {
    pages = [defaultPage(cwd)];
  } else {
    throw new DocgenError({
      file: configFile,
      message: "no config file here, and no --schema given",
      hint: `run in the folder that has ${CONFIG_FILE}, or pass --config FILE or --schema FILE`,
    });
  }
  if (o.page !== undefined) {
    const chosen = pages.filter((p) => p.name === o.page);
    if (chosen.length === 0)
      throw new DocgenError({
        file: configFile,
        message: `no page named ${JSON.stringify(o.page)}`,
        hint: `the pages are: ${pages.map((p) => p.name).join(", ")}`,
      });
    pages = chosen;
  }
  const flags = { schema: o.schema, template: o.template, docs: o.docsOut, types: o.typesOut, validator: o.validatorOut };
  if (Object.values(flags).some((v) => v !== undefined)) {
    if (pages.length > 1)
      throw new DocgenError({
        file: configFile,
        message: "--schema, --template, --docs-out, --types-out and --validator-out apply to one page, and the config has several",
        hint: "choose one with --page NAME",
      });
    const page = pages[0]!;
    for (const [key, value] of Object.entries(flags)) if (value !== undefined) page[key as keyof typeof flags] = resolve(cwd, value);
  }
  return pages;
}

function defaultPage(dir: string): PageConfig {
  return {
    name: DEFAULT_PAGE.name,
    schema: resolve(dir, DEFAULT_PAGE.schema),
    template: DEFAULT_TEMPLATE,
    docs: resolve(dir, DEFAULT_PAGE.docs),
    types: resolve(dir, DEFAULT_PAGE.types),
    rootType: DEFAULT_PAGE.rootType,
    page: pageFields({}),
  };
}

export async function loadConfig(file: string): Promise<PageConfig[]> {
  let text: string;
  try {
    text = await readInputFile(file, { folder: dirname(file), name: "the config's folder" });
  } catch (err) {
    if (err instanceof DocgenError) throw err;
    throw new DocgenError({ file, message: `cannot read the config: ${describeFsError(err)}`, hint: "check the path given by --config" });
  }
  const loaded = parseJsonText(file, text, "the config");
  if (!matchesConfigShape(loaded.value)) {
    const problems: Problem[] = (matchesConfigShape.errors ?? []).map((e) => {
      const path = e.instancePath
        .split("/")
        .slice(1)
        .map((t) => (/^\d+$/.test(t) ? Number(t) : t.replace(/~1/g, "/").replace(/~0/g, "~")));
      const node = findNodeAtLocation(loaded.tree, path);
      const extra =
        e.keyword === "additionalProperties" ? ` (${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)})` : "";
      return {
        file,
        ...(node ? lineColumn(loaded.text, node.offset) : {}),
        pointer: e.instancePath,
        message: `config ${e.message ?? "is invalid"}${extra}`,
        hint: 'the config is {"pages": [{"name", "schema", "docs", "types", optional "template", "validator", "rootType", "title", "description", "literalPunctuation", "fields": {"intro": [string], "schemaFilename", "links": [{"label", "url"}], …}}]}',
      };
    });
    throw new DocgenError(problems);
  }
  const fieldProblems: Problem[] = (loaded.value as { pages: { fields?: Record<string, unknown> }[] }).pages.flatMap((p, i) =>
    checkPageFields(p.fields ?? {}).map((f) => {
      const path = ["pages", i, "fields", ...f.path];
      const node = findNodeAtLocation(loaded.tree, path);
      return {
        file,
        ...(node ? lineColumn(loaded.text, node.offset) : {}),
        pointer: `/${path.join("/")}`,
        message: `config: ${f.message}`,
        hint: f.hint,
      };
    }),
  );
  if (fieldProblems.length > 0) throw new DocgenError(fieldProblems);
  // The root type's name goes into the generated modules as an identifier: it must be one that means the type there.
  const rootTypeProblems: Problem[] = (loaded.value as { pages: { rootType?: unknown }[] }).pages.flatMap((p, i) => {
    const why = typeof p.rootType === "string" ? rootTypeProblem(p.rootType) : undefined;
    if (why === undefined) return [];
    const node = findNodeAtLocation(loaded.tree, ["pages", i, "rootType"]);
    return [
      {
        file,
        ...(node ? lineColumn(loaded.text, node.offset) : {}),
        pointer: `/pages/${i}/rootType`,
        message: `config: rootType ${stringLiteral(p.rootType as string)} ${why}`,
        hint: 'name the root type like "BackendEvent": an ASCII identifier of your own',
      },
    ];
  });
  if (rootTypeProblems.length > 0) throw new DocgenError(rootTypeProblems);
  const dir = dirname(file);
  const value = loaded.value as { pages: Record<string, unknown>[] };
  const names = new Set<string>();
  return value.pages.map((p, i) => {
    const name = p.name as string;
    if (names.has(name))
      throw new DocgenError({
        file,
        pointer: `/pages/${i}/name`,
        message: `two pages are named ${JSON.stringify(name)}`,
        hint: "give each page its own name",
      });
    names.add(name);
    return {
      name,
      schema: resolve(dir, p.schema as string),
      template: typeof p.template === "string" ? resolve(dir, p.template) : DEFAULT_TEMPLATE,
      docs: resolve(dir, p.docs as string),
      types: resolve(dir, p.types as string),
      ...(typeof p.validator === "string" ? { validator: resolve(dir, p.validator) } : {}),
      rootType: typeof p.rootType === "string" ? p.rootType : DEFAULT_PAGE.rootType,
      page: pageFields(p),
      ...(p.literalPunctuation === true ? { literalPunctuation: true } : {}),
    };
  });
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
