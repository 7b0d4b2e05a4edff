/**
 * The lint's `link` rule, through the command line's `run` in this process (runInProcess): a custom
 * template that writes schema text without a helper (`{{description}}`, `{{{description}}}`) gets no
 * link, image or autolink onto the page — exit 2, one message per destination naming the rule and the line, nothing written — while the
 * page's own links (the config's fields, the template's text) pass; and the config's link URLs are
 * http(s) URLs or paths of the site.
 */
import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseChunk } from "../../../../scripts/stages/lint/chunk.js";
import { lintPage, PARALLEL_THRESHOLD } from "../../../../scripts/stages/lint/lint.js";
import { dangerousScheme } from "../../../../scripts/stages/lint/links.js";
import { builtLintStage, runInProcess, tempDir, writeFiles } from "../../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** A template that writes each definition's description as Handlebars does by default (`{{…}}`) or raw (`{{{…}}}`). */
function template(raw: boolean, extra = ""): string {
  const description = raw ? "{{{description}}}" : "{{description}}";
  return `---\ntitle: {{yaml page.title}}\n---\n\n{{#each page.intro}}\n{{{this}}}\n\n{{/each}}\n${extra}{{#each definitions}}\n## {{code name table=false}}\n\n${description}\n\n{{/each}}\n{{#each page.links}}\n[{{{label}}}]: {{{url}}}\n{{/each}}\n`;
}

/** A draft-07 schema whose definitions `d0`, `d1`, … have these descriptions. */
function schema(descriptions: string[]): string {
  const definitions = Object.fromEntries(descriptions.map((d, i) => [`d${i}`, { type: "object", description: d }]));
  return JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", definitions });
}

/** Writes the schema, the template and a config with these fields, and runs `generate`. */
async function generate(descriptions: string[], options: { raw?: boolean; fields?: object; extra?: string } = {}) {
  await writeFiles(dir, {
    "s.json": schema(descriptions),
    "t/page.md.hbs": template(options.raw ?? false, options.extra),
    "cws-docgen.config.json": JSON.stringify({
      pages: [
        { name: "p", schema: "s.json", template: "t/page.md.hbs", docs: "out/p.md", types: "out/p.ts", fields: options.fields ?? {} },
      ],
    }),
  });
  return runInProcess(["generate", "--no-cache"], { cwd: dir });
}

/** The `link` messages of a run: [line, destination as the message shows it]. */
function linkErrors(stderr: string): [number, string][] {
  return [
    ...stderr.matchAll(/^cws-docgen: error: out\/p\.md:(\d+):\d+: the rendered page is broken \(link\): .*? ("(?:[^"\\]|\\.)*")/gm),
  ].map((m) => [Number(m[1]), m[2]!]);
}

describe("link rule, through the CLI", () => {
  it("refuses every link, image and autolink that schema text makes through an unescaped template, and writes nothing", async () => {
    const hostile = [
      "[x](javascript:alert(1))",
      "![t](https://evil.example/t.gif)",
      "<https://evil.example>",
      "www.evil.example",
      "see https://evil.example/path",
      "mail me@evil.example",
      "[x](jav&#97;script:alert(1))",
      "[x](JaVaScRiPt:alert(1)) [y](<java\tscript:alert(1)>) [z](vbscript:msgbox) ![d](data:image/svg+xml,x)",
      "[x](https://evil.example/phish)",
      "ftp://evil.example/x",
    ];
    // Each description opens its own paragraph: a reference definition must start one.
    const definitions = ["[x]: javascript:alert(1)", "[y]: https://evil.example/y"];
    for (const raw of [false, true]) {
      const r = await generate([...hostile, ...definitions], { raw });
      expect(r.code, r.stderr).toBe(2);
      expect(await readdir(dir)).not.toContain("out");
      const errors = linkErrors(r.stderr);
      // With {{…}}, Handlebars escapes `<`, `&` and `=`: the `<…>` autolink and the reference become plain text, and
      // what is left of them (the URL after `&lt;`, `jav&amp;#97;script:`) is refused or harmless.
      expect(errors.map(([, url]) => url)).toEqual(
        expect.arrayContaining([
          '"javascript:alert(1)"',
          '"https://evil.example/t.gif"',
          '"https://evil.example"',
          '"http://www.evil.example"',
          '"https://evil.example/path"',
          '"mailto:me@evil.example"',
          '"JaVaScRiPt:alert(1)"',
          '"vbscript:msgbox"',
          '"data:image/svg+xml,x"',
          '"https://evil.example/phish"',
          '"ftp://evil.example/x"',
          '"https://evil.example/y"',
        ]),
      );
      // Raw, the `<…>` destination keeps its tab (a browser drops it): refused all the same.
      if (raw) expect(errors.map(([, url]) => url)).toContain('"java\\tscript:alert(1)"');
      // Each message names the rule and says what to do, on its line of the page.
      expect(r.stderr).toMatch(
        /out\/p\.md:\d+:\d+: the rendered page is broken \(link\): a link to "javascript:alert\(1\)": javascript: URLs run/,
      );
      expect(r.stderr).toMatch(
        /an image from "https:\/\/evil\.example\/t\.gif" that neither the config nor the template writes.*\{\{text …\}\}/,
      );
      expect(errors.every(([line]) => line > 4)).toBe(true);
    }
  });

  it("decodes an entity-encoded scheme, and reads a reference definition the raw text makes", async () => {
    const r = await generate(["[x](jav&#97;script:alert(1))", "[a]: &#x6A;avascript&colon;alert(1)", "[b][a]"], { raw: true });
    expect(r.code, r.stderr).toBe(2);
    const lines = linkErrors(r.stderr);
    expect(lines).toEqual([
      [lines[0]![0], '"javascript:alert(1)"'],
      [lines[1]![0], '"javascript:alert(1)"'],
    ]);
    expect(lines[1]![0]).toBeGreaterThan(lines[0]![0]);
  });

  it("passes the page's own links: the intro's, the config's links, the template's own, in-page anchors", async () => {
    const fields = {
      intro: ["See [the docs](https://docs.example/cws) and ![logo](/images/logo.png), www.example.com, <https://example.com/x>."],
      links: [
        { label: "1", url: "/security/cws/" },
        { label: "2", url: "https://example.com/agent" },
      ],
      footer: "Questions: team@example.com",
    };
    // The template's own links: static, next to a block helper, and one built from a value (not its own: refused below).
    const extra = "Also [the site](https://site.example/) and [one](#d0).\n\nDocs: {{#if page.title}}https://site.example/docs{{/if}}.\n\n";
    const r = await generate(["Plain text, no link.", "Uses [the agent][2]."], {
      fields,
      extra,
    });
    expect(r.code, r.stderr).toBe(0);
    // The same URLs from schema text through the raw template: the page's own, so they pass too.
    const again = await generate(["[docs](https://docs.example/cws) [s](/security/cws/) [a](#d0)"], { fields, extra, raw: true });
    expect(again.code, again.stderr).toBe(0);
    // But not a longer or shorter URL of the same site, nor one of another.
    const other = await generate(["[docs](https://docs.example/cws/more) [d](https://docs.example) [t](https://docs.example.evil)"], {
      fields,
      extra,
      raw: true,
    });
    expect(other.code).toBe(2);
    expect(linkErrors(other.stderr).map(([, url]) => url)).toEqual([
      '"https://docs.example/cws/more"',
      '"https://docs.example"',
      '"https://docs.example.evil"',
    ]);
    // A destination the template builds from a value is not its own: only its fixed part would be.
    const built = await generate(["Plain text."], {
      fields: { ...fields, owner: "team" },
      extra: `${extra}[t](https://site.example/{{page.owner}})\n\n`,
    });
    expect(built.code).toBe(2);
    expect(linkErrors(built.stderr).map(([, url]) => url)).toEqual(['"https://site.example/team"']);
  });

  it("refuses a dangerous scheme in the page's own texts too (a template or an intro)", async () => {
    const r = await generate(["fine"], { extra: "[x](javascript:void(0))\n\n", fields: { intro: ["![p](data:image/png;base64,AAAA)"] } });
    expect(r.code, r.stderr).toBe(2);
    expect(linkErrors(r.stderr).map(([, url]) => url)).toEqual(['"data:image/png;base64,AAAA"', '"javascript:void(0)"']);
  });
});

describe("config link URLs, through the CLI", () => {
  const refused = [
    "javascript:alert(1)",
    "data:text/html,<x>",
    "vbscript:msgbox",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript&#58;x",
    "mailto:a@b.example",
  ];
  it.each(refused)("refuses %j with one clear line (exit 2)", async (url) => {
    await writeFiles(dir, {
      "s.json": schema(["x"]),
      "cws-docgen.config.json": JSON.stringify(
        { pages: [{ name: "p", schema: "s.json", docs: "out/p.md", types: "out/p.ts", fields: { links: [{ label: "1", url }] } }] },
        null,
        2,
      ),
    });
    const r = await runInProcess(["generate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cws-docgen: error: cws-docgen.config.json:12:20 at /pages/0/fields/links/0/url: config: link url ${JSON.stringify(url)} is not an http(s) URL or a path of the site\n  hint: write https://…`,
    );
    expect(await readdir(dir)).not.toContain("out");
  });

  it("takes http(s) URLs and paths of the site", async () => {
    const links = ["https://docs.example/a?b=1&c=2", "HTTP://x.example", "/security/", "#d0", "agent_expressions", "../other/"].map(
      (url, i) => ({
        label: `${i}`,
        url,
      }),
    );
    await writeFiles(dir, {
      "s.json": schema(["x"]),
      "cws-docgen.config.json": JSON.stringify({
        pages: [{ name: "p", schema: "s.json", docs: "out/p.md", types: "out/p.ts", fields: { links } }],
      }),
    });
    const r = await runInProcess(["generate"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("link rule: what it reads", () => {
  it("reads a scheme as a browser would, and more", () => {
    for (const url of [
      "javascript:x",
      "JAVASCRIPT:x",
      " javascript:x",
      "\u0001java\nscript:x",
      "jav&#97;script:x",
      "javascript&colon;x",
      "jav%61script:x",
      "javascript\\:x",
      "data:,x",
      "vbscript:x",
      "java\u200bscript:x",
    ])
      expect(dangerousScheme(url), JSON.stringify(url)).toBeDefined();
    for (const url of ["#javascript:x", "/javascript:x", "https://x/javascript:x", "javascripts:x", "?data:x", "datas:x"])
      expect(dangerousScheme(url), JSON.stringify(url)).toBeUndefined();
  });

  it("finds GFM's autolink literals as goldmark does, and none in text the helpers escaped", () => {
    const found = parseChunk({
      text: "www.a.example https://b.example c@d.example ftp://e.example (www.f.example)\n",
      lineOffset: 0,
    }).destinations;
    expect(found.map((d) => [d.kind, d.url, d.column])).toEqual([
      ["literal", "http://www.a.example", 1],
      ["literal", "https://b.example", 15],
      ["literal", "mailto:c@d.example", 33],
      ["literal", "ftp://e.example", 45],
      ["literal", "http://www.f.example", 62],
    ]);
    // As the text helper writes them: `www&#46;`, `https&#58;//`, `&#64;`.
    const escaped = "www&#46;a.example https&#58;//b.example c&#64;d.example\n";
    expect(parseChunk({ text: escaped, lineOffset: 0 }).destinations).toEqual([]);
  });

  it("reports the same in worker threads as in one, and without the page's own texts only dangerous schemes", async () => {
    const foreign = new Map([
      [5, " [x](https://evil.example/5)"],
      [PARALLEL_THRESHOLD + 10, " www.evil.example"],
      [PARALLEL_THRESHOLD + 15, " [j](javascript:x)"],
    ]);
    const sections = Array.from(
      { length: PARALLEL_THRESHOLD + 20 },
      (_, i) => `## \`S${i}\`\n\nSee [s](#s${i}) and [1].${foreign.get(i) ?? ""}\n`,
    );
    const page = `---\ntitle: t\n---\n\n${sections.join("\n")}\n[1]: /own/\n`;
    const own = { fields: { title: "t", description: "", links: [{ label: "1", url: "/own/" }] }, templates: [] };
    const lineOf = (i: number) => 5 + i * 4 + 2;
    const columnOf = (i: number) => `See [s](#s${i}) and [1]. `.length + 1;
    const sequential = lintPage(page, { own });
    expect(sequential.map((m) => [m.rule, m.line, m.column])).toEqual([
      ["link", lineOf(5), columnOf(5)],
      ["link", lineOf(PARALLEL_THRESHOLD + 10), columnOf(PARALLEL_THRESHOLD + 10)],
      ["link", lineOf(PARALLEL_THRESHOLD + 15), columnOf(PARALLEL_THRESHOLD + 15)],
    ]);
    // The built library: its worker threads run the bundle's lint-worker.js.
    const { lintPageParallel } = await builtLintStage();
    expect(await lintPageParallel(page, 2, { own })).toEqual(sequential);
    expect(lintPage(page).map((m) => m.line)).toEqual([lineOf(PARALLEL_THRESHOLD + 15)]);
  });
});
