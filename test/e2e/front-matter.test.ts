/**
 * The page's front matter from the config's `frontMatter`, through the command line's runs in this process:
 * written key by key in order, every key and value a safe YAML scalar; hostile values stay values; bad keys
 * and values are config errors (exit 2); without it, no `kind`. Hugo itself reads these pages in the
 * publication check.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFile, runInProcess, tempDir, writeFiles, join } from "../helpers.js";

const SCHEMA = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { a: { $ref: "#/definitions/A" } },
  definitions: { A: { type: "object", properties: { x: { type: "string", description: "x" } } } },
});

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Writes a config with this page (over a minimal one) and runs `generate --no-types`; returns the run and the page's front matter lines. */
async function generate(page: Record<string, unknown>): Promise<{ code: number; stderr: string; lines: string[] }> {
  await writeFiles(dir, {
    "s.json": SCHEMA,
    "cws-docgen.config.json": JSON.stringify({ pages: [{ name: "p", schema: "s.json", docs: "p.md", types: "p.ts", ...page }] }, null, 2),
  });
  const r = await runInProcess(["generate", "--no-types", "--no-cache"], { cwd: dir });
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, lines: [] };
  const markdown = await readFile(join(dir, "p.md"), "utf8");
  const end = markdown.indexOf("\n---\n", 3);
  expect(markdown.startsWith("---\n") && end > 0).toBe(true);
  return { code: 0, stderr: r.stderr, lines: markdown.slice(4, end).split("\n") };
}

describe("front matter from the config", () => {
  it("without frontMatter: title, description and disable_edit, and no kind", async () => {
    // No config at all, --schema only (run before any config is written: the lookup would find it).
    await writeFiles(dir, { "s.json": SCHEMA });
    const s = await runInProcess(["generate", "--schema", "s.json", "--docs-out", "-"], { cwd: dir });
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^---\ntitle: s\ndescription: JSON schema documentation of s\ndisable_edit: true\n---\n/);
    expect(s.stdout).not.toMatch(/^kind:/m);
    // A config page with a title and a description.
    const r = await generate({ title: "T", description: "D" });
    expect(r.lines).toEqual(["title: T", "description: D", "disable_edit: true"]);
  });

  it("writes the config's map in its order: strings, numbers, booleans, lists; title and description reach page.title", async () => {
    const r = await generate({
      frontMatter: { title: "Events", kind: "documentation", weight: 12, ratio: -0.5, draft: false, aliases: ["/a/", "/b c/"], empty: [] },
    });
    expect(r.lines).toEqual([
      "title: Events",
      "kind: documentation",
      "weight: 12",
      "ratio: -0.5",
      "draft: false",
      'aliases: ["/a/", "/b c/"]',
      "empty: []",
    ]);
  });

  it("keeps hostile values inside their scalar: no new key, no end of the block, no shortcode, no boolean", async () => {
    const r = await generate({
      frontMatter: {
        title: "a: b # c",
        description: "line one\n---\nkind: page\n{{< x >}}",
        yes: "yes",
        n: "n",
        list: ["x, y", "] z", "{{% s %}}", "- item"],
        _private: "'quoted'",
      },
    });
    expect(r.lines).toEqual([
      'title: "a: b # c"',
      'description: "line one --- kind: page \\u007b{< x >}}"',
      '"yes": "yes"',
      '"n": "n"',
      'list: ["x, y", "] z", "\\u007b{% s %}}", "- item"]',
      '"_private": "\'quoted\'"',
    ]);
    // Each entry is one line, each line one key: the block holds exactly the six keys.
    expect(r.lines.map((l) => /^"?([A-Za-z_][\w-]*)"?: /.exec(l)?.[1])).toEqual(["title", "description", "yes", "n", "list", "_private"]);
  });

  it("refuses a key that is no plain identifier, a value of another kind, and a title given twice (exit 2, with the place)", async () => {
    for (const [frontMatter, extra, pointer, message] of [
      [{ "a: b": "x" }, {}, "/pages/0/frontMatter/a: b", 'config: front matter key "a: b" is not a plain identifier'],
      [{ "x\n---": "x" }, {}, "/pages/0/frontMatter/x\n---", 'config: front matter key "x\\n---" is not a plain identifier'],
      [{ "{{<": "x" }, {}, "/pages/0/frontMatter/{{<", 'config: front matter key "{{<" is not a plain identifier'],
      [{ "1": "x" }, {}, "/pages/0/frontMatter/1", 'config: front matter key "1" is not a plain identifier'],
      [{ params: { a: 1 } }, {}, "/pages/0/frontMatter/params", "config must be string"],
      [{ title: "A" }, { title: "B" }, "/pages/0/title", 'config: "title" is given twice: next to "name" and in "frontMatter"'],
    ] as const) {
      const r = await generate({ frontMatter, ...extra });
      expect(r.code, JSON.stringify(frontMatter)).toBe(2);
      expect(r.stderr).toContain(message);
      // With its line:column in the config and its JSON pointer (the key as far as it is printable).
      expect(r.stderr).toMatch(new RegExp(`cws-docgen\\.config\\.json:\\d+:\\d+ at ${pointer.split(/[\n{:]/)[0]!.replace(/\//g, "\\/")}`));
    }
  });

  it("warns on stderr about keys Hugo 0.123 and later reserve, with their place, and still writes the page (exit 0)", async () => {
    const r = await generate({ frontMatter: { title: "T", kind: "documentation", Path: "/x", lang: "en", weight: 1 } });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["title: T", "kind: documentation", 'Path: "/x"', "lang: en", "weight: 1"]);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("cws-docgen: warning: "));
    expect(warnings.map((l) => /^cws-docgen: warning: (p\.md:\d+:\d+): the front matter's "(\w+)"/.exec(l)?.slice(1))).toEqual([
      ["p.md:3:1", "kind"],
      ["p.md:4:1", "path"],
      ["p.md:5:1", "lang"],
    ]);
    expect(r.stderr).toContain('unknown kind "documentation" in front matter');
    // The build cache serves the page the second time: the warning is still given.
    const again = await runInProcess(["generate", "--no-types"], { cwd: dir });
    expect([again.code, again.stdout, again.stderr.match(/cws-docgen: warning: /g)?.length]).toEqual([0, "unchanged p.md\n", 3]);
    // --quiet: errors only, so no warning either.
    const quiet = await runInProcess(["generate", "--no-types", "--quiet"], { cwd: dir });
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, "", ""]);
  });

  it("keeps quiet about the reserved keys the page allows with allowReservedKeys, as this repository's config does for kind", async () => {
    const r = await generate({ frontMatter: { title: "T", kind: "documentation", path: "/x" }, allowReservedKeys: ["kind"] });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/cws-docgen: warning: [^\n]*/g)).toEqual([expect.stringContaining('the front matter\'s "path"')]);
    const own = await runInProcess(["check"]);
    expect([own.code, own.stderr]).toEqual([0, ""]);
    const refused = await generate({ allowReservedKeys: ["title"] });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("/pages/0/allowReservedKeys/0");
  });

  it("warns about a reserved key a template writes itself, not only the config's", async () => {
    await writeFiles(dir, { "t.md.hbs": "---\ntitle: {{yaml page.title}}\nkind: documentation\n---\n\nText.\n" });
    const r = await generate({ template: "t.md.hbs" });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^cws-docgen: warning: p\.md:3:1: the front matter's "kind"/);
  });
});
