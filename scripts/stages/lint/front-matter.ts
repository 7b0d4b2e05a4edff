/**
 * The lint's warnings about the front matter: keys that Hugo 0.123 and later read themselves, with a meaning
 * that older Hugo left to the site. A warning, not a failure: a site on an older Hugo may want the key (this
 * repository's own page writes `kind: documentation` to stay the published seed page), so the build goes on
 * and says so on stderr. Read on every build, a cache hit too: it scans the front matter's lines and nothing
 * else, with no parser to load.
 */

/** The keys, lower case (Hugo reads front matter keys case-insensitively), and what Hugo does with each. */
const HUGO_RESERVED_KEYS: Readonly<Record<string, string>> = {
  kind: 'Hugo 0.123 and later read "kind" as the page\'s kind and stop the build on any value but home, page, section, taxonomy or term (Hugo 0.131: unknown kind "documentation" in front matter)',
  path: "Hugo 0.123 and later read \"path\" as the page's logical path and publish the page there instead of at its file's place",
  lang: 'Hugo 0.123 and later read "lang" as the page\'s language',
};

/** A warning, placed like the lint's messages (line and column on the rendered page). */
export interface FrontMatterWarning {
  rule: "front-matter";
  line: number;
  column: number;
  key: string;
  message: string;
}

/** One warning for each top-level key of the page's `---` front matter that Hugo reserves (HUGO_RESERVED_KEYS). */
export function reservedKeyWarnings(markdown: string): FrontMatterWarning[] {
  if (!markdown.startsWith("---\n")) return [];
  const end = markdown.indexOf("\n---\n", 3);
  if (end === -1) return [];
  const warnings: FrontMatterWarning[] = [];
  markdown
    .slice(4, end)
    .split("\n")
    .forEach((line, i) => {
      // A top-level key, plain or double-quoted as yamlScalar writes it (`"kind": …`).
      const key = /^(?:"([^"\\]*)"|([A-Za-z_][\w-]*))[ \t]*:(?:[ \t]|$)/.exec(line);
      const name = (key?.[1] ?? key?.[2])?.toLowerCase();
      const why = name === undefined || !Object.hasOwn(HUGO_RESERVED_KEYS, name) ? undefined : HUGO_RESERVED_KEYS[name];
      if (why !== undefined) warnings.push({ rule: "front-matter", line: i + 2, column: 1, key: name!, message: why });
    });
  return warnings;
}
