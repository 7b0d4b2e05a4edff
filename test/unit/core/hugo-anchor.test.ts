/**
 * Heading ids against real Hugo: test/fixtures/hugo/anchors.json holds the ids
 * Hugo made for hundreds of definition names on one page (recorded by
 * scripts/dev/hugo-anchors.ts); core/hugo-anchor.ts must give every one of them, in
 * page order, without Hugo. Also the model and validate sides of it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HugoIds, definitionHeadingSource, headingSourceText, hugoSlug } from "../../../scripts/core/hugo-anchor.js";
import { lintPage } from "../../../scripts/stages/lint/lint.js";
import { buildPage } from "../../../scripts/pipeline/pipeline.js";
import { DEFAULT_TEMPLATE } from "../../../scripts/stages/render.js";
import { FIXTURES, join, tempDir, writeFiles } from "../../helpers.js";

interface Recorded {
  hugo: string;
  anchors: { name: string; heading: string; id: string }[];
}

const fixture = JSON.parse(readFileSync(join(FIXTURES, "hugo/anchors.json"), "utf8")) as Recorded;

describe("heading ids recorded from real Hugo", () => {
  it("come from a real Hugo run over at least 200 names, repeats included", () => {
    expect(fixture.hugo).toMatch(/^hugo v0\.\d+/);
    expect(fixture.anchors.length).toBeGreaterThanOrEqual(200);
    expect(new Set(fixture.anchors.map((a) => a.id)).size).toBe(fixture.anchors.length);
    expect(
      fixture.anchors.filter((a) => /-\d+$/.test(a.id) && fixture.anchors.some((b) => b !== a && b.id === a.id.replace(/-\d+$/, "")))
        .length,
    ).toBeGreaterThan(10);
  });

  it("each heading is written as the template writes it", () => {
    for (const a of fixture.anchors) expect(`## ${definitionHeadingSource(a.name)}`, JSON.stringify(a.name)).toBe(a.heading);
  });

  it("our ids equal Hugo's for every name, in page order", () => {
    const ids = new HugoIds();
    const wrong = fixture.anchors.map((a) => ({ ...a, ours: ids.next(definitionHeadingSource(a.name)) })).filter((a) => a.ours !== a.id);
    expect(wrong).toEqual([]);
  });

  it("the lint stage finds the same ids from the page's headings", () => {
    const page = fixture.anchors.map((a) => `${a.heading}\n\n[${a.id}](#${a.id})\n`).join("\n");
    expect(lintPage(page)).toEqual([]);
    const wrong = fixture.anchors.map((a) => `${a.heading}\n\n[x](#${a.id}-no-such-heading)\n`).join("\n");
    expect(lintPage(wrong).filter((m) => m.rule === "anchor")).toHaveLength(fixture.anchors.length);
  });
});

describe("hugoSlug and headingSourceText", () => {
  it("follow Hugo's rules on single cases", () => {
    expect(hugoSlug("`İstanbul`")).toBe("istanbul");
    expect(hugoSlug("`ΟΔΟΣ`")).toBe("οδοσ");
    expect(hugoSlug("`Ⅻ`")).toBe("");
    expect(hugoSlug("`a‿b`")).toBe("ab");
    expect(hugoSlug("`e\u0301te\u0301`")).toBe("ete");
    expect(hugoSlug("`a`&#123;`{b`")).toBe("a123b");
    expect(hugoSlug("`` `x ``")).toBe("-x-");
    expect(hugoSlug("\u00a0 a  b \u3000")).toBe("a--b");
    // A letter of Unicode 14 (the runtime knows it, Hugo's Go 1.19 does not).
    expect(/\p{L}/u.test("\u0870")).toBe(true);
    expect(hugoSlug("`a\u0870b`")).toBe("ab");
  });

  it("treat every ASCII character as Go does, alone and between letters", () => {
    for (let code = 0; code < 0x80; code++) {
      const c = String.fromCharCode(code);
      const kept = c === "-" || c === " " ? "-" : /[A-Za-z0-9_]/.test(c) ? c.toLowerCase() : "";
      expect(hugoSlug(`a${c}b`), `U+${code.toString(16)}`).toBe(`a${kept}b`);
      // The same character next to a non-ASCII letter takes the other path.
      expect(hugoSlug(`é${c}b`), `U+${code.toString(16)}`).toBe(`é${kept}b`);
    }
  });

  it("take an ATX heading's text without its marks, a setext heading's last line", () => {
    expect(headingSourceText("## `Foo` ")).toBe("`Foo`");
    expect(headingSourceText("### Foo ###")).toBe("Foo");
    expect(headingSourceText("# Foo#")).toBe("Foo#");
    expect(headingSourceText("Foo\nBar\n===")).toBe("Bar");
  });

  it("number repeats as Hugo does, an empty id being `heading`", () => {
    const ids = new HugoIds();
    expect(["x", "x", "x-1", "!", "heading", "x"].map((s) => ids.next(s))).toEqual(["x", "x-1", "x-1-1", "heading", "heading-1", "x-2"]);
  });
});

describe("the page's anchors", () => {
  it("count the intro's headings, which come first on the page", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const schema = {
        type: "object",
        properties: { e: { $ref: "#/definitions/Event" } },
        definitions: { Event: { type: "object", properties: { x: { type: "string", description: "x" } } } },
      };
      await writeFiles(dir, { "s.json": JSON.stringify(schema) });
      const config = {
        name: "p",
        schema: join(dir, "s.json"),
        template: DEFAULT_TEMPLATE,
        docs: join(dir, "p.md"),
        types: join(dir, "p.ts"),
        rootType: "E",
      };
      const plain = await buildPage({ ...config, texts: {}, banner: "b" }, {}, { types: false, cache: false });
      expect(plain.model!.definitions[0]!.anchor).toBe("event");
      const intro = ["## Event", "About events:", "Event\n====="];
      const built = await buildPage({ ...config, texts: { fields: { intro } }, banner: "b" }, {}, { types: false, cache: false });
      expect(built.model!.definitions[0]!.anchor).toBe("event-2");
      expect(built.docs.content).toContain("Please see [Event](#event-2)");
    } finally {
      await cleanup();
    }
  });
});
