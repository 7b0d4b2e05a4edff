/**
 * Stage 6, render: the page model through Handlebars templates. The templates
 * hold all the layout; this module only registers partials and the escaping
 * helpers, and turns template mistakes into clear errors.
 *
 * Partials: every `partials/*.hbs` next to the built-in default template, then
 * every `partials/*.hbs` next to the page's template (same name wins).
 * Helpers: `text` (inline Markdown text; with `literalPunctuation`, quotes and
 * dashes as entities that Hugo's typographer leaves alone), `code` (inline code span; add
 * `table=false` outside a table), `yaml`
 * (front-matter scalar), `comment` (an HTML comment on its own line: the banner), `frontMatter` (the lines of a front matter from an object, as the
 * `front-matter` partial writes `page.frontMatter`), `relref` (the destination of a link to a heading of
 * the reference page: `{{< relref "FILE#ID" >}}`). They return safe strings; any plain `{{value}}` is
 * HTML-escaped by Handlebars as a safety net. `eq` (a === b) is for conditions.
 */
import { readdir } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import Handlebars from "handlebars";
import { DocgenError } from "../core/problems.js";
import { describeFsError, readInputFile } from "../core/files.js";
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from "../core/package-root.js";
import { htmlComment, mdCode, mdText, yamlFrontMatter, yamlScalar } from "../core/markdown.js";
import type { PageModel, Reference } from "./model.js";
import type { Attribute, AttributeIndex } from "./index-attributes.js";
import { defaultFrontMatter, type PageFields } from "../config/page-fields.js";
import { REFERENCE_FILE } from "../config/config.js";

export { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE };

/** Page fields: text that belongs to one page rather than to the template (from the config). */
export type { PageFields };

/** What every template receives. */
export interface TemplateContext extends PageModel {
  /** The page's own fields, from the config (see guides/configuration.md). */
  page: PageFields;
  /**
   * Every attribute path an event can carry (the attribute index, stages/index-attributes.ts), grouped by
   * top-level attribute, in schema order. Worked out the first time a template reads it: a page whose
   * template never does never computes it (the index is refused past 100,000 paths).
   */
  attributeGroups: AttributeGroup[];
  /** The page the attributes link to (the config's `reference`); absent when the page has none, and then no attribute has a `link`. */
  reference?: ReferencePageContext;
}

/** The attributes under one top-level attribute. */
export interface AttributeGroup {
  /** The top-level attribute's name: the first segment of every path of the group (`*` for a wildcard). */
  name: string;
  /** The top-level attribute, then every path that continues it, depth first in schema order. */
  attributes: AttributeRow[];
}

/**
 * One attribute path, as the index has it. Its references' anchors (`declaredBy`, `definition`,
 * `recursive.definition`) are the ids of those definitions' headings on the reference page, when the page has one.
 */
export interface AttributeRow extends Attribute {
  /**
   * The definition on the reference page that documents the attribute: the one its value is, else the one it
   * repeats (recursion), else the one whose properties declare it. Absent when none does (a property of the
   * root or of an inline schema) or when the page has no reference. Link it with `[{{text link.name}}]({{relref link.anchor}})`.
   */
  link?: Reference;
}

/** The reference page, as the links name it. */
export interface ReferencePageContext {
  /** Its name in the config. */
  name: string;
  /** Its page file relative to this page's folder (`backend.md`): what the `relref` helper links to. */
  file: string;
}

/** How schema text is written, and what the context can give beyond the model. */
export interface RenderOptions {
  /** Write quotes, `--`, `...` as entities, so that Hugo's typographer leaves them as written (the page's `literalPunctuation`). */
  literalPunctuation?: boolean;
  /** The attribute index, computed when a template first reads `attributeGroups` (none: the groups are empty). */
  attributes?: () => AttributeIndex;
  /** The page that attributes link to (the config's `reference`), and that the `relref` helper names. */
  reference?: ReferencePageContext;
  /** Called with the source of each partial and of the template as they are read (the lint's page's own texts). */
  onSource?: (source: string) => void;
}

/** A Hugo heading id, as `relref` may carry it inside its quoted argument: letters, digits, `_` and `-`. */
const HUGO_ID = /^[\p{L}\p{N}_-]+$/u;

/** The index grouped by top-level attribute, with each attribute's link on the reference page. */
export function attributeGroups(index: AttributeIndex, linked: boolean): AttributeGroup[] {
  const groups = new Map<string, AttributeGroup>();
  for (const a of index.attributes) {
    const name = a.segments[0]?.name ?? "";
    let group = groups.get(name);
    if (!group) {
      group = { name, attributes: [] };
      groups.set(name, group);
    }
    const link = linked ? (a.definition ?? a.recursive?.definition ?? a.declaredBy) : undefined;
    group.attributes.push(link ? { ...a, link } : { ...a });
  }
  return [...groups.values()];
}

export async function renderPage(model: PageModel, page: PageFields, templateFile: string, options: RenderOptions = {}): Promise<string> {
  const hb = Handlebars.create();
  const textOptions = { literalPunctuation: options.literalPunctuation === true };
  hb.registerHelper("text", (value: unknown) => new hb.SafeString(mdText(stringOf(value), textOptions)));
  // `{{code x}}` is safe in a table cell; `{{code x table=false}}` elsewhere (a heading), where `\|` would show its backslash.
  hb.registerHelper(
    "code",
    (value: unknown, options: Handlebars.HelperOptions) =>
      new hb.SafeString(mdCode(stringOf(value), { table: options?.hash?.table !== false })),
  );
  hb.registerHelper("yaml", (value: unknown) => new hb.SafeString(yamlScalar(stringOf(value))));
  // `{{comment page.banner}}`: the line `<!-- text -->`, the text on one line with no `<`, `>` or `{{` to close or break it.
  hb.registerHelper("comment", (value: unknown) => new hb.SafeString(htmlComment(stringOf(value))));
  // `{{frontMatter page.frontMatter}}`: one `key: value` line per entry, every key and value a safe YAML scalar.
  hb.registerHelper("frontMatter", (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error("the frontMatter helper takes an object of keys and values (page.frontMatter)");
    return new hb.SafeString(yamlFrontMatter(value as Record<string, unknown>));
  });
  // `[text]({{relref anchor}})`: the destination of a link to a heading of the reference page, through Hugo's relref.
  hb.registerHelper("relref", (anchor: unknown) => {
    const reference = options.reference;
    if (reference === undefined) throw new Error("the relref helper links to the page's reference page, and this page has none");
    if (!REFERENCE_FILE.test(reference.file))
      throw new Error(`the reference page's file ${JSON.stringify(reference.file)} cannot go in a relref`);
    const id = stringOf(anchor);
    if (!HUGO_ID.test(id)) throw new Error(`relref: ${JSON.stringify(id)} is not a heading id (letters, digits, _ and -)`);
    return new hb.SafeString(`{{< relref "${reference.file}#${id}" >}}`);
  });
  // `eq` compares two values, for `{{#if (eq type "array")}}`; its result is a boolean, never printed text.
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);

  const partialDirs = [join(BUILTIN_TEMPLATES, "partials"), join(dirname(resolve(templateFile)), "partials")];
  for (const dir of new Set(partialDirs)) {
    for (const [name, file] of await listTemplates(dir)) {
      const source = await readTemplate(file, dirname(dir));
      options.onSource?.(source);
      hb.registerPartial(name, compileFile(hb, file, source));
    }
  }
  const source = await readTemplate(templateFile, dirname(resolve(templateFile)));
  options.onSource?.(source);
  const template = compileFile(hb, templateFile, source);
  // Every template gets `page.frontMatter`: a page made without one (the API, tests) gets the default.
  const fields = page.frontMatter ? page : { ...page, frontMatter: defaultFrontMatter(page.title, page.description) };
  const context = { ...model, page: fields, ...(options.reference ? { reference: options.reference } : {}) } as TemplateContext;
  // Computed on first read, once. Not enumerable: Handlebars copies the context's enumerable keys when a
  // partial is called with parameters (`{{> code-block json=…}}`), which would read it on every page.
  let groups: AttributeGroup[] | undefined;
  Object.defineProperty(context, "attributeGroups", {
    enumerable: false,
    get: () => {
      groups ??= options.attributes ? attributeGroups(options.attributes(), options.reference !== undefined) : [];
      return groups;
    },
  });
  try {
    // One line feed at the end, however many blank lines the template leaves after its last text (a
    // page without links ends after its last table).
    const text = template(context);
    let end = text.length;
    while (end > 0 && text[end - 1] === "\n") end--;
    return `${text.slice(0, end)}\n`;
  } catch (err) {
    throw templateError(templateFile, err);
  }
}

/** The files and folders rendering with this template reads (for the build cache). */
export async function templateInputs(templateFile: string): Promise<string[]> {
  const dirs = [...new Set([join(BUILTIN_TEMPLATES, "partials"), join(dirname(resolve(templateFile)), "partials")])];
  const partials = (await Promise.all(dirs.map(listTemplates))).flat().map(([, file]) => file);
  return [resolve(templateFile), ...dirs, ...partials];
}

/**
 * Compiled templates by source text, kept for the process: a watch or a preview renders with the same
 * templates build after build, and Handlebars' compile (parse, then the template's JavaScript) is most of
 * a render. A compiled template holds no helper, partial or data of its own: each render binds it to its
 * own Handlebars environment. At most TEMPLATE_CACHE_SIZE, the oldest going first.
 */
const compiledTemplates = new Map<string, TemplateSpecification>();
const TEMPLATE_CACHE_SIZE = 64;

/** Handlebars' compiled form of a template, as `Handlebars.precompile` writes it and `Handlebars.template` takes it. */
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The compiled template of `source`, from the cache or compiled now (a syntax error is reported against `file`, not at first use). */
function templateSpecification(hb: typeof Handlebars, source: string): TemplateSpecification {
  const cached = compiledTemplates.get(source);
  if (cached !== undefined) return cached;
  const code = hb.precompile(source, { preventIndent: true }) as string;
  // The code Handlebars generated from the template (its own compile runs such code the same way).
  const spec = new Function(`return ${code};`)() as TemplateSpecification;
  if (compiledTemplates.size >= TEMPLATE_CACHE_SIZE) compiledTemplates.delete(compiledTemplates.keys().next().value!);
  compiledTemplates.set(source, spec);
  return spec;
}

function compileFile(hb: typeof Handlebars, file: string, source: string): Handlebars.TemplateDelegate {
  let compiled: Handlebars.TemplateDelegate;
  try {
    compiled = hb.template(templateSpecification(hb, source));
  } catch (err) {
    throw templateError(file, err);
  }
  return (ctx: unknown) => {
    try {
      return compiled(ctx);
    } catch (err) {
      throw err instanceof DocgenError ? err : templateError(file, err);
    }
  };
}

function templateError(file: string, err: unknown): DocgenError {
  if (err instanceof DocgenError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Handlebars says "Parse error on line N" or "x doesn't match y - N:C", and sets lineNumber on some errors.
  const line = (err as { lineNumber?: number })?.lineNumber ?? /on line (\d+)/.exec(message)?.[1] ?? / - (\d+):\d+$/.exec(message)?.[1];
  const first = message.split("\n")[0]!;
  return new DocgenError({
    file,
    ...(line ? { line: Number(line) } : {}),
    message: `template error: ${first}`,
    hint: "fix the template (Handlebars syntax: https://handlebarsjs.com/guide/); guides/templates.md lists the context and helpers",
  });
}

/** A template or a partial: a regular file whose real path is inside the template's folder (a link out of it is refused unread). */
async function readTemplate(file: string, templateFolder: string): Promise<string> {
  try {
    return await readInputFile(file, { folder: templateFolder, name: "the template's folder" });
  } catch (err) {
    if (err instanceof DocgenError) throw err;
    throw new DocgenError({
      file,
      message: `cannot read the template: ${describeFsError(err)}`,
      hint: 'check --template or the config\'s "template" field',
    });
  }
}

async function listTemplates(dir: string): Promise<[string, string][]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => extname(n) === ".hbs")
    .sort()
    .map((n) => [basename(n, ".hbs"), join(dir, n)]);
}

function stringOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object" && value !== null && "toHTML" in value) return String((value as { toHTML(): string }).toHTML());
  return String(value);
}
