/**
 * Page fields: the text that belongs to one page rather than to its template —
 * the front matter (its title and description among its keys), the intro paragraphs, the file name
 * shown on the schema's code block and the Markdown link definitions the intro
 * points at (`[1]: /url`), and the banner comment at its top. They come from the config (`title`,
 * `description`, `frontMatter` and `fields`), so one template serves several pages (Linux and Windows); each
 * one a page does not give is a neutral default made from its schema (neutral-defaults.ts).
 */
import { FRONT_MATTER_KEY, frontMatterValueProblem, type FrontMatterValue } from "../core/markdown.js";

/** A Markdown link reference definition: `[label]: url`. */
interface PageLink {
  /** The label, as in `[label]`. */
  label: string;
  /** Where it points. */
  url: string;
}

/** The page fields every template receives as `page` (plus any other key of the config's `fields`). */
export interface PageFields {
  /** Front matter `title`. */
  title: string;
  /** Front matter `description`. */
  description: string;
  /** Paragraphs of Markdown before the schema, in order. */
  intro?: string[];
  /** The `filename` shown on the top-level schema's code block ("" shows none). */
  schemaFilename?: string;
  /** Link reference definitions written at the end of the page, in order. */
  links?: PageLink[];
  /** The text of the comment at the page's top (the `comment` helper makes it safe): what made the page, and how to make it again. */
  banner?: string;
  /**
   * The page's front matter, key by key in order (the `front-matter` partial writes it through the `frontMatter`
   * helper): the config's `frontMatter`, else `defaultFrontMatter` (a page given without one gets that too).
   */
  frontMatter?: Record<string, FrontMatterValue>;
  [field: string]: unknown;
}

/**
 * A link's URL: an http(s) URL, or a path of the site (`/path`, `#id`, `?query`, a relative `a/b`), so no
 * other scheme: before its first `/`, `?` or `#` it holds no `:`, nor a `&` or `\` (a character reference or
 * an escape that Markdown would decode into one). No space, `<`, `>` or control character anywhere: the
 * page writes it as is in `[label]: url`.
 */
const LINK_URL_PATTERN =
  "^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\\s<>\\u0000-\\u001f\\u007f]+|[^\\s<>\\u0000-\\u001f\\u007f:/?#&\\\\]*(?:[/?#][^\\s<>\\u0000-\\u001f\\u007f]*)?)$";

/** The problem with a link URL that LINK_URL_PATTERN refuses, for the config's message (`shown`: the URL as a message may print it). */
export function linkUrlProblem(shown: string): { message: string; hint: string } {
  return {
    message: `link url ${shown} is not an http(s) URL or a path of the site`,
    hint: "write https://…, http://…, /path, #id or a relative path, without spaces: a javascript:, data: or any other scheme is refused (it would run or open in the reader's browser)",
  };
}

/** The JSON Schema of a page's `fields` in the config (other keys are free for custom templates). */
export const PAGE_FIELDS_SCHEMA = {
  type: "object",
  properties: {
    intro: { type: "array", items: { type: "string", minLength: 1 } },
    schemaFilename: { type: "string", pattern: "^[A-Za-z0-9._/-]*$" },
    banner: {
      type: "string",
      minLength: 1,
      maxLength: 1000,
      description:
        "The comment at the page's top (default: the schema and the template that made the page, and the command that makes it again). Written on one line, with any -- and {{ escaped.",
    },
    links: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["label", "url"],
        properties: {
          label: { type: "string", pattern: "^[^\\s\\[\\]]([^\\[\\]\\n\\r]*[^\\s\\[\\]])?$" },
          url: {
            type: "string",
            minLength: 1,
            pattern: LINK_URL_PATTERN,
            description: "An http(s) URL or a path of the site (/path, #id, relative): no other scheme.",
          },
        },
      },
    },
  },
} as const;

/** A problem in a page's `fields` that the JSON Schema cannot say clearly; `path` is below the `fields` object. */
export interface FieldsProblem {
  path: (string | number)[];
  message: string;
  hint: string;
}

/** Checks what the schema does not: no `title`/`description`/`frontMatter` inside `fields`, and link labels used once. */
export function checkPageFields(fields: Record<string, unknown>): FieldsProblem[] {
  const problems: FieldsProblem[] = [];
  for (const key of ["title", "description", "frontMatter"]) {
    if (Object.hasOwn(fields, key)) {
      problems.push({
        path: [key],
        message: `"${key}" belongs to the page, not to its "fields"`,
        hint: `move "${key}" up one level, next to "name"`,
      });
    }
  }
  const labels = new Map<string, number>();
  (Array.isArray(fields.links) ? (fields.links as PageLink[]) : []).forEach((link, i) => {
    const label = link.label.toLowerCase(); // Markdown matches labels case-insensitively
    if (labels.has(label))
      problems.push({
        path: ["links", i, "label"],
        message: `link label ${JSON.stringify(link.label)} is defined twice (Markdown uses the first)`,
        hint: "give each link its own label",
      });
    else labels.set(label, i);
  });
  return problems;
}

/** The JSON Schema of a page's `frontMatter` (its keys and values are checked further by `checkFrontMatter`). */
export const FRONT_MATTER_SCHEMA = {
  type: "object",
  description:
    'The page\'s whole front matter, key by key in this order (default: title, description, "disable_edit": true). Keys are plain identifiers; values strings, numbers, booleans or lists of strings. "title" and "description" go here or next to "name", not both.',
  additionalProperties: {
    anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "array", items: { type: "string" } }],
  },
} as const;

/**
 * Checks a page's `frontMatter` (path below the page): each key a plain identifier (core/markdown.ts
 * `FRONT_MATTER_KEY`), each value one the front matter can hold, and `title`/`description` given in one place.
 */
export function checkFrontMatter(page: {
  title?: unknown;
  description?: unknown;
  frontMatter?: unknown;
  fields?: unknown;
}): FieldsProblem[] {
  const fm = page.frontMatter;
  if (typeof fm !== "object" || fm === null || Array.isArray(fm)) return [];
  const problems: FieldsProblem[] = [];
  for (const [key, value] of Object.entries(fm as Record<string, unknown>)) {
    if (!FRONT_MATTER_KEY.test(key))
      problems.push({
        path: ["frontMatter", key],
        message: `front matter key ${JSON.stringify(key)} is not a plain identifier`,
        hint: "name it with letters, digits, _ and - (a letter or _ first), as Hugo's front matter keys are: title, disable_edit, further_reading",
      });
    const problem = frontMatterValueProblem(value);
    if (problem !== undefined)
      problems.push({
        path: ["frontMatter", key],
        message: `front matter value of ${JSON.stringify(key)} ${problem}`,
        hint: "write a string, a number, true/false, or a list of strings",
      });
  }
  for (const key of ["title", "description"] as const)
    if (page[key] !== undefined && Object.hasOwn(fm, key))
      problems.push({
        path: [key],
        message: `"${key}" is given twice: next to "name" and in "frontMatter"`,
        hint: `keep the one in "frontMatter" and remove the other`,
      });
  return problems;
}

/** What a config gives of a page's texts, as it gives them (checked by its shape). */
export interface PageTexts {
  title?: unknown;
  description?: unknown;
  frontMatter?: unknown;
  fields?: unknown;
}

/** The title and description a config gives a page, in its `frontMatter` or next to its name: those the neutral texts are made around. */
export function givenTexts(texts: PageTexts): { title?: string; description?: string } {
  const fm = typeof texts.frontMatter === "object" && texts.frontMatter !== null ? (texts.frontMatter as Record<string, unknown>) : {};
  const text = (key: "title" | "description") =>
    typeof fm[key] === "string" ? fm[key] : typeof texts[key] === "string" ? texts[key] : undefined;
  const title = text("title");
  const description = text("description");
  return { ...(title === undefined ? {} : { title }), ...(description === undefined ? {} : { description }) };
}

/**
 * A page's fields: the config's `title`, `description`, `frontMatter` and `fields`, over `defaults` (the
 * neutral texts, and the banner). The template's `page.title` and `page.description` are the front
 * matter's when it has them as strings.
 */
export function pageFields(texts: PageTexts, defaults: PageFields): PageFields {
  const fields = typeof texts.fields === "object" && texts.fields !== null ? (texts.fields as Record<string, unknown>) : {};
  const given =
    typeof texts.frontMatter === "object" && texts.frontMatter !== null
      ? (structuredClone(texts.frontMatter) as Record<string, FrontMatterValue>)
      : undefined;
  const { title = defaults.title, description = defaults.description } = givenTexts(texts);
  return {
    ...structuredClone(defaults),
    ...fields,
    title,
    description,
    frontMatter: given ?? defaultFrontMatter(title, description),
  };
}

/**
 * The front matter of a page whose config gives none: the one every page had before `frontMatter`, but `kind`
 * (`kind: documentation`), which Hugo 0.123 and later read as the page's kind and refuse.
 */
export function defaultFrontMatter(title: string, description: string): Record<string, FrontMatterValue> {
  return { title, description, disable_edit: true };
}
