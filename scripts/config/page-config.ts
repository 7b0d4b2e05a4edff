/**
 * A page as the config and the flags make it (`PageConfig`, absolute paths), what a command line may
 * override (`Overrides`), and the one table of the flags that replace a page's files (`FILE_FLAGS`).
 */
import type { PageFields, PageTexts } from "./page-fields.js";

/** One page to build, with absolute paths. */
export interface PageConfig {
  name: string;
  schema: string;
  template: string;
  docs: string;
  types: string;
  /** Where the runtime validator goes; by default next to `types` (`X.ts` → `X.validator.ts`). */
  validator?: string;
  /** Where the attribute index goes (JSON, stages/index-attributes.ts); none when the config asks for none. */
  attributes?: string;
  /** Name of the root interface in the types; none given: made from the schema's title once it is loaded (neutral-defaults.ts). */
  rootType?: string;
  /** The page's texts as the config gives them (`title`, `description`, `frontMatter`, `fields`); the others are made from the schema once it is loaded. */
  texts: PageTexts;
  /** The text of the page's banner comment: the config's `fields.banner`, else what made the page and the command that makes it again. */
  banner: string;
  /** Front matter keys Hugo 0.123 and later reserve that the page writes on purpose: no warning for them (stages/lint/front-matter.ts). */
  allowReservedKeys?: string[];
  /** Schema text writes quotes, `--` and `...` as entities, which Hugo's typographer leaves as written (default false). */
  literalPunctuation?: boolean;
  /** The config file the page comes from (absolute); none for a page made from flags alone. */
  configFile?: string;
  /** The events package to emit for the page (stages/emit-package.ts); none when the config asks for none. */
  package?: PackageConfig;
  /** The page this page's links point to (the config's `reference`): another page of the config, from the same schema. */
  reference?: ReferencePage;
  /**
   * Set when the config gives the page no `types`: its types are its reference
   * page's (`types` names that page's file, which that page writes), and this
   * page emits no types, validator, package or attribute index of its own.
   */
  sharedTypes?: true;
}

/** The page another page links to: its name, its page file, and how Hugo's `relref` names it from the linking page. */
interface ReferencePage {
  name: string;
  /** Its Markdown page (absolute). */
  docs: string;
  /** Its page file relative to the linking page's folder, `/`-separated (`backend.md`): what `relref` is given. */
  file: string;
  /** Its texts as the config gives them: its intro's headings come before its definitions, and number their ids. */
  texts: PageTexts;
}

/**
 * A page once its schema is loaded (pipeline/read.ts `resolvePage`): its root type and its fields, the
 * config's over the neutral defaults, and its reference page's fields (same schema).
 */
export interface ResolvedPage extends PageConfig {
  rootType: string;
  /** Text for the template: `page.title`, `page.description`, `page.banner` and the other fields. */
  page: PageFields;
  reference?: ReferencePage & { page: PageFields };
}

/** A page's events package: its folder (absolute), its package.json name and version, and the other package.json fields the config gives. */
export interface PackageConfig {
  dir: string;
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: string;
  engines?: Record<string, string>;
  publishConfig?: { access?: "public" | "restricted"; registry?: string; tag?: string; provenance?: boolean };
}

export interface Overrides {
  config?: string;
  page?: string;
  schema?: string;
  template?: string;
  docsOut?: string;
  typesOut?: string;
  validatorOut?: string;
  /** false: the page alone is built (`generate --no-types`), so no types output need be named. */
  types?: boolean;
  /** The command writes the page's outputs (generate): a config page's schema may not be replaced unless they are named. */
  writes?: boolean;
}

/** The flags that replace one of a page's files: the page's field, the `Overrides` key, the flag as typed. In the order messages and banners list them. */
export const FILE_FLAGS = [
  { key: "schema", override: "schema", flag: "--schema" },
  { key: "template", override: "template", flag: "--template" },
  { key: "docs", override: "docsOut", flag: "--docs-out" },
  { key: "types", override: "typesOut", flag: "--types-out" },
  { key: "validator", override: "validatorOut", flag: "--validator-out" },
] as const satisfies readonly { key: keyof PageConfig; override: keyof Overrides; flag: string }[];
export type FileFlag = (typeof FILE_FLAGS)[number];
