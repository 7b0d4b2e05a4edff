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
 * (front-matter scalar). They return safe strings; any plain `{{value}}` is
 * HTML-escaped by Handlebars as a safety net. `eq` (a === b) is for conditions.
 */
import { readdir } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import Handlebars from "handlebars";
import { DocgenError } from "../core/problems.js";
import { describeFsError, readInputFile } from "../core/files.js";
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from "../core/package-root.js";
import { mdCode, mdText, yamlScalar } from "../core/markdown.js";
import type { PageModel } from "./04-model.js";
import type { PageFields } from "../config/page-fields.js";

export { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE };

/** Page fields: text that belongs to one page rather than to the template (from the config). */
export type { PageFields };

/** What every template receives. */
export interface TemplateContext extends PageModel {
  /** The page's own fields, from the config (see guides/configuration.md). */
  page: PageFields;
}

/** How schema text is written. */
export interface RenderOptions {
  /** Write quotes, `--`, `...` as entities, so that Hugo's typographer leaves them as written (the page's `literalPunctuation`). */
  literalPunctuation?: boolean;
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
  // `eq` compares two values, for `{{#if (eq type "array")}}`; its result is a boolean, never printed text.
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);

  const partialDirs = [join(BUILTIN_TEMPLATES, "partials"), join(dirname(resolve(templateFile)), "partials")];
  for (const dir of new Set(partialDirs)) {
    for (const [name, file] of await listTemplates(dir)) {
      hb.registerPartial(name, compileFile(hb, file, await readTemplate(file, dirname(dir))));
    }
  }
  const template = compileFile(hb, templateFile, await readTemplate(templateFile, dirname(resolve(templateFile))));
  const context: TemplateContext = { ...model, page };
  try {
    return template(context);
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

function compileFile(hb: typeof Handlebars, file: string, source: string): Handlebars.TemplateDelegate {
  let compiled: Handlebars.TemplateDelegate;
  try {
    // precompile parses now, so a syntax error is reported against this file, not at first use.
    hb.parse(source);
    compiled = hb.compile(source, { preventIndent: true });
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
