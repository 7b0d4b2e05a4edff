/**
 * The pages the publication check publishes (scripts/dev/publish-check.ts): the committed pages, the corpus and
 * hostile pages, pages built for the typographer and the intro's headings, and the self-test's broken pages.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { DEFAULT_TEMPLATE, PACKAGE_ROOT } from "../core/package-root.js";
import type { PageTexts } from "../config/page-fields.js";

export type Rule = "link" | "leak" | "element" | "typographer" | "front-matter" | "hugo";

export interface Finding {
  page: string;
  rule: Rule;
  message: string;
}

export interface PageToCheck {
  /** Name in the site (`[a-z0-9-]`), and where it comes from (for messages). */
  name: string;
  source: string;
  markdown: string;
  /** Texts the page must show exactly as written (outside code). */
  asWritten?: string[];
  /** Texts the page must not show as written (the typographer's control page). */
  notAsWritten?: string[];
  /**
   * The page writes `kind: documentation` on purpose (this repository's config, to stay the published seed
   * page): Hugo 0.123 and later must refuse it for that key alone, and the rest of the page is checked without it.
   */
  kindOnPurpose?: true;
  /** Front matter values Hugo must read as given: each key (lower case, as Hugo's `.Params` has it) with its value; `null`: absent. */
  params?: Record<string, unknown>;
}

/** A page of the self-test: it must fail with `expect` (from Hugo `since` on, when given; before it, it must pass). */
export type SelfTestPage = PageToCheck & { expect: Rule; lint?: true; since?: string };

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The pages CI publishes: the seed page, the corpus pages, the hostile pages, the typographer pair. */
export async function defaultPages(): Promise<PageToCheck[]> {
  const pages: PageToCheck[] = [];
  const add = async (name: string, file: string) =>
    pages.push({ name, source: file, markdown: await readFile(join(PACKAGE_ROOT, file), "utf8") });
  await add("seed", "test/fixtures/seed/backend.md");
  pages[0]!.kindOnPurpose = true;
  // The committed outputs: this repository's page and the examples' pages (one of them from a custom template).
  // Under their own file names: the attributes page links to its reference page by file (relref).
  for (const f of (await readdir(join(PACKAGE_ROOT, "docs"))).filter((f) => f.endsWith(".md")).sort()) {
    await add(`docs/${basename(f, ".md")}`, `docs/${f}`);
    // The seed page: cws-docgen.config.json writes its `kind` on purpose (guides/configuration.md).
    if (f === "backend.md") pages.at(-1)!.kindOnPurpose = true;
  }
  for (const example of ["custom-template", "multi-page"]) {
    for (const f of (await readdir(join(PACKAGE_ROOT, "examples", example, "docs"))).filter((f) => f.endsWith(".md")).sort()) {
      await add(`example-${example}-${slug(basename(f, ".md"))}`, `examples/${example}/docs/${f}`);
    }
  }
  for (const f of (await readdir(join(PACKAGE_ROOT, "test/fixtures/corpus/expected"))).filter((f) => f.endsWith(".md")).sort()) {
    await add(`corpus/${basename(f, ".md")}`, `test/fixtures/corpus/expected/${f}`);
  }
  // The hostile attributes page and its reference page (test/e2e/attributes-page.test.ts), linked by relref.
  for (const f of (await readdir(join(PACKAGE_ROOT, "test/fixtures/attributes-page/expected"))).filter((f) => f.endsWith(".md")).sort())
    await add(`attributes-page/${basename(f, ".md")}`, `test/fixtures/attributes-page/expected/${f}`);
  const hostile = "test/fixtures/hostile";
  for (const c of (await readdir(join(PACKAGE_ROOT, hostile), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const file = `${hostile}/${c}/expected/page.md`;
    if (
      await readFile(join(PACKAGE_ROOT, file)).then(
        () => true,
        () => false,
      )
    )
      await add(`hostile-${slug(c)}`, file);
  }
  pages.push(...(await typographerPages()));
  return pages;
}

/** Descriptions of test/fixtures/hugo/typographer.schema.json, which the typographer would change. */
async function typographerPages(): Promise<PageToCheck[]> {
  const schemaFile = "test/fixtures/hugo/typographer.schema.json";
  const schema = JSON.parse(await readFile(join(PACKAGE_ROOT, schemaFile), "utf8")) as Record<string, unknown>;
  // The property descriptions (the tables show them; the template shows no definition's own description).
  const descriptions: string[] = [];
  JSON.stringify(schema, function (this: Record<string, unknown>, key, value: unknown) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const p of Object.values(value as Record<string, { description?: unknown }>))
        if (typeof p.description === "string") descriptions.push(p.description);
    }
    return value;
  });
  // What the typographer changes when it may: quotes, `--`, `...` (`<<` and `>>` are entities on every page).
  const changed = descriptions.filter((d) => /['"]|--|\.\.\./.test(d));
  const { buildPage } = await import("../pipeline/pipeline.js");
  const build = async (literalPunctuation: boolean, texts: PageTexts = {}) => {
    const config = {
      name: "typographer",
      schema: join(PACKAGE_ROOT, schemaFile),
      template: DEFAULT_TEMPLATE,
      docs: "typographer.md",
      types: "typographer.ts",
      rootType: "Event",
      texts,
      banner: `Generated by cws-docgen from ${schemaFile} for the publication check`,
      ...(literalPunctuation ? { literalPunctuation } : {}),
    };
    return (await buildPage(config, {}, { types: false, cache: false })).docs.content;
  };
  // Intro headings whose ids the definition's heading repeats: Hugo numbers it after them.
  const intro = ["## SELinuxEvent!", "A setext heading:", "SELinux**Event**\n============", "The events:"];
  // A front matter of hostile values (page-fields.ts `frontMatter`): Hugo must read each as the one value it is.
  const frontMatter = {
    title: "a: b # c {{< x >}}",
    description: "line one\n---\nkind: page",
    yes: "yes",
    n: "n",
    weight: 7,
    draft: false,
    tags: ["x, y", "] z", "{{% s %}}", "- item"],
    note: `'q' "dq" \\ back`,
  };
  return [
    {
      name: "front-matter",
      source: `${schemaFile} (hostile frontMatter values)`,
      markdown: await build(false, { frontMatter }),
      params: { ...frontMatter, description: "line one --- kind: page", kind: null },
    },
    { name: "typographer-literal", source: `${schemaFile} (literalPunctuation)`, markdown: await build(true), asWritten: descriptions },
    {
      name: "typographer-control",
      source: `${schemaFile} (control: without literalPunctuation)`,
      markdown: await build(false),
      notAsWritten: changed,
    },
    { name: "intro-headings", source: `${schemaFile} (intro with headings)`, markdown: await build(false, { fields: { intro } }) },
  ];
}

/**
 * Pages that must fail, each with the rule meant for it (the check's own test). Those marked `lint` hold a
 * link or an image that schema text written without a helper could make: the lint stage must refuse each
 * too (its `link` rule), so that what Hugo publishes as a link or an image is what the lint reads as one.
 */
export function selfTestPages(): SelfTestPage[] {
  const page = (body: string) => `---\ntitle: self-test\n---\n\n## \`Target\`\n\n${body}\n`;
  const bad = (name: string, expect: Rule, body: string, extra: Partial<PageToCheck> = {}) => ({
    name: `self-test-${name}`,
    source: `self-test: ${name}`,
    markdown: page(body),
    expect,
    ...extra,
  });
  const link = (name: string, expect: Rule, body: string) => ({ ...bad(name, expect, body), lint: true as const });
  return [
    link("encoded-javascript-link", "link", "See [x](jav&#97;script:alert(1))."),
    link("javascript-definition", "link", "See [docs].\n\n[docs]: javascript:alert(1)"),
    link("tracking-image", "element", "A process. ![](https://evil.example/t.gif?u=1)"),
    link("autolink", "link", "See <https://evil.example/login>."),
    link("www-literal", "link", "See www.evil.example today."),
    link("https-literal", "link", "See https://evil.example/login today."),
    link("email-literal", "link", "Write to help@evil.example today."),
    link("ftp-literal", "link", "Get ftp://evil.example/x today."),
    bad("broken-link", "link", "See [Target](#target-1)."),
    // github-slugger's id for this heading (Hugo's is "istanbul"): what the page linked to before.
    {
      ...bad("github-slug", "link", "See [İstanbul](#i̇stanbul)."),
      markdown: "---\ntitle: self-test\n---\n\n## `İstanbul`\n\nSee [İstanbul](#i̇stanbul).\n",
    },
    bad("wrong-heading", "link", "## `Other`\n\nSee [Target](#other)."),
    link("javascript-link", "link", "See [x](javascript:alert(1))."),
    // A link to another page (as the attributes page makes with relref) whose id that page does not have.
    bad("page-link", "link", 'See [Target]({{< relref "self-test-broken-link.md#targett" >}}).'),
    bad("handlebars-text", "leak", "| Field | Description |\n| ----- | ----------- |\n| `a` | {{text description}} |"),
    bad("shortcode-text", "leak", "A {{</* code-block */>}} tag shown as text."),
    bad("script", "element", '<script>alert("x")</script>'),
    bad("img-onerror", "element", 'An image <img src="x" onerror="alert(1)"> inline.'),
    bad("iframe", "element", '<iframe src="https://example.invalid/"></iframe>'),
    bad("raw-emphasis", "element", "Raw <em>emphasis</em>, an allowed tag, but from raw HTML."),
    bad("onclick", "element", '<p class="x" onclick="alert(1)">text</p>'),
    // What Hugo 0.123 and later refuse (`unknown kind "documentation"`), and older Hugo publishes: the default front matter has no `kind`.
    {
      ...bad("kind-documentation", "hugo", "A page that is fine but for its front matter."),
      markdown: "---\ntitle: self-test\nkind: documentation\ndescription: d\n---\n\n## `Target`\n\nSee [Target](#target).\n",
      since: "0.123.0",
    },
    // A value written without the yaml helper: YAML reads ` # b` as a comment, and Hugo's value is "a".
    {
      ...bad("front-matter-comment", "front-matter", "Text."),
      markdown: "---\ntitle: self-test\nnote: a # b\n---\n\nText.\n",
      params: { note: "a # b" },
    },
    bad("typographer", "typographer", "| Field | Description |\n| ----- | ----------- |\n| `a` | 'enforcing' -- \"x\"... |", {
      asWritten: [`'enforcing' -- "x"...`],
    }),
  ];
}
