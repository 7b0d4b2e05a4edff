/**
 * `literalPunctuation`: schema text written so that Hugo's typographer leaves
 * it as written. Off by default (the seed page is unchanged, see
 * test/e2e/golden.test.ts); real Hugo proves it in the publication check
 * (scripts/dev/publish-check.ts). The page option through the command line's
 * runs in this process.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepFromTypographer, mdText } from "../../../scripts/core/markdown.js";
import { join, readFile, runInProcess, tempDir, writeFiles } from "../../helpers.js";

describe("keepFromTypographer", () => {
  it("writes quotes, dash runs and dot runs as entities, and nothing else", () => {
    expect(keepFromTypographer(`it's 'enforcing' "x" a - b -- c --- d . .. ... ....`)).toBe(
      "it&#39;s &#39;enforcing&#39; &#34;x&#34; a - b &#45;&#45; c &#45;&#45;&#45; d . .. &#46;&#46;&#46; &#46;&#46;&#46;&#46;",
    );
  });

  it("is what mdText does with literalPunctuation, and only then", () => {
    const s = `--mode 'enforcing' or "permissive"... <<x>>`;
    expect(mdText(s)).toBe(`\\--mode 'enforcing' or "permissive"... &lt;&lt;x&gt;&gt;`);
    expect(mdText(s, { literalPunctuation: true })).toBe(
      "&#45;&#45;mode &#39;enforcing&#39; or &#34;permissive&#34;&#46;&#46;&#46; &lt;&lt;x&gt;&gt;",
    );
    // A single leading dash still cannot start a list.
    expect(mdText("- x", { literalPunctuation: true })).toBe("\\- x");
  });
});

describe("the page option literalPunctuation", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  const schema = {
    type: "object",
    properties: { mode: { type: "string", description: `SELinux mode: 'enforcing' -- or "permissive"...` } },
  };
  const page = { name: "p", schema: "schema.json", docs: "page.md", types: "types.ts" };

  it("writes the descriptions with entities when on, as before when off", async () => {
    await writeFiles(dir, {
      "schema.json": JSON.stringify(schema),
      "cws-docgen.config.json": JSON.stringify({
        pages: [
          { ...page, literalPunctuation: true },
          { ...page, name: "q", docs: "plain.md", types: "plain.ts" },
        ],
      }),
    });
    // The pages alone: the types are not what this is about.
    const r = await runInProcess(["generate", "--no-cache", "--no-types"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, "page.md"), "utf8")).toContain(
      "| `mode` | string | SELinux mode: &#39;enforcing&#39; &#45;&#45; or &#34;permissive&#34;&#46;&#46;&#46; |",
    );
    expect(await readFile(join(dir, "plain.md"), "utf8")).toContain(
      `| \`mode\` | string | SELinux mode: 'enforcing' -- or "permissive"... |`,
    );
  });

  it("must be a boolean", async () => {
    await writeFiles(dir, {
      "schema.json": JSON.stringify(schema),
      "cws-docgen.config.json": JSON.stringify({ pages: [{ ...page, literalPunctuation: "yes" }] }, null, 2),
    });
    const r = await runInProcess(["check"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("/pages/0/literalPunctuation: config must be boolean");
  });
});
