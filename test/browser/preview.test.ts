/// <reference lib="dom" />
/**
 * `cws-docgen preview` for real: through each Hugo of `$HUGO` (scripts/dev/hugo-site.ts, hugoBinaries),
 * in Chromium (playwright-core, the machine's /usr/bin/chromium or `$CHROMIUM`). Not part of `npm test`:
 * `npm run preview-check` runs it (vitest.browser.config.ts), once CI has Hugo and Chromium (.ci/run).
 *
 * For each Hugo: a copy of test/fixtures/preview/ (a reference page and its attributes page, linked
 * by relref) is previewed; the page's title, heading and code block are read in the browser, every
 * in-page link is followed and must land on the element with its id, every link to the other page
 * must find its id there; then the schema is edited and the open page must change by itself (live
 * reload, the test never navigates); a screenshot is left in the temporary folder and its path
 * printed; SIGTERM must end the preview with 0 and leave no site folder.
 */
import { cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hugoBinaries, hugoVersion } from "../../scripts/dev/hugo-site.js";
import { FIXTURES, ROOT, join, tempDir, waitFor } from "../helpers.js";
import {
  type Preview,
  WAIT_MS,
  afterReloads,
  crossPageLinks,
  followInPageLinks,
  launchChromium,
  startPreview,
  stopPreview,
} from "./browser.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(hugoBinaries())("cws-docgen preview through %s, in Chromium", (hugo) => {
  it("serves the pages with their code block and working links, live-reloads the open page on a schema edit, and stops cleanly on SIGTERM", async () => {
    const version = await hugoVersion(hugo);
    expect(version, `${hugo} does not run`).toBeDefined();
    const { dir, cleanup } = await tempDir("cws-docgen-preview-check-");
    let p: Preview | undefined;
    try {
      await cp(join(FIXTURES, "preview"), dir, { recursive: true });
      await mkdir(join(dir, "templates"));
      await cp(join(ROOT, "templates/attributes.md.hbs"), join(dir, "templates/attributes.md.hbs"));
      p = startPreview(dir, hugo);
      const preview = p;
      await waitFor("the preview's URL", () => /^preview: http/m.test(preview.stdout()), p);
      const line = p.stdout().split("\n")[0]!;
      expect(line).toMatch(/^preview: http:\/\/127\.0\.0\.1:\d+\/docs\/events\/ \(2 pages; Ctrl-C stops\)$/);
      const url = line.split(" ")[1]!;
      const siteDir = /(\/\S*cws-docgen-preview-[^/\s]+)\//.exec(p.stderr())?.[1];

      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(url, { timeout: WAIT_MS });
      expect(await page.title()).toBe("Preview Events");
      expect(await page.locator("h1").first().textContent()).toBe("Preview Events");
      expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(["Process", "File", "Container"]));
      // The code block: the shortcode's wrapper, its file name, and the schema highlighted inside.
      const block = page.locator(".code-snippet-wrapper").first();
      expect(await block.locator(".code-filename").textContent()).toBeTruthy();
      expect(await block.locator(".code-filename-wrapper.collapsible").count()).toBe(1);
      expect(await block.locator("pre").textContent()).toContain('"$ref": "#/definitions/Process"');
      expect(await page.locator(".code-snippet pre .chroma, .code-snippet .highlight").count()).toBeGreaterThan(0);

      const inPage = await followInPageLinks(page);
      expect(inPage.count).toBeGreaterThanOrEqual(5);
      expect(inPage.missed).toEqual([]);
      // The attributes page links into the reference page by relref: each id is there.
      const attributes = await browser.newPage();
      await attributes.goto(new URL("/docs/events-attributes/", url).href, { timeout: WAIT_MS });
      const across = await crossPageLinks(attributes);
      expect(across.count).toBeGreaterThan(3);
      expect(across.missed).toEqual([]);
      await attributes.close();

      // Live reload: a description changes and a definition is added; the open page follows by itself, its new
      // heading and its edited text (in the table and in the code block: Hugo 0.131 kept old code blocks when it
      // rebuilt two pages that link to each other at once, so the preview writes them one rebuild apart).
      const before = page.url();
      const schemaFile = join(dir, "schema/events.schema.json");
      const schema = JSON.parse(await readFile(schemaFile, "utf8"));
      schema.definitions.Container.properties.id.description = "The container's identifier, edited";
      schema.definitions.Mount = {
        type: "object",
        description: "A mount",
        properties: { source: { type: "string", description: "Its source" } },
      };
      schema.definitions.Container.properties.mounts = { type: "array", items: { $ref: "#/definitions/Mount" }, description: "Its mounts" };
      await writeFile(schemaFile, JSON.stringify(schema, null, 2));
      await waitFor(
        "the open page to show the edit",
        async () =>
          (await page.locator("h2").allTextContents()).includes("Mount") &&
          ((await page.textContent("body")) ?? "").includes("identifier, edited") &&
          ((await page.locator(".code-snippet pre").allTextContents()).join("\n") ?? "").includes("identifier, edited"),
        p,
      );
      expect(page.url()).toBe(before);
      expect((await afterReloads(page, () => followInPageLinks(page))).missed).toEqual([]);

      const shot = join(tmpdir(), `cws-docgen-preview-${/v\d+\.\d+\.\d+/.exec(version!)?.[0] ?? "hugo"}.png`);
      await page.screenshot({ path: shot });
      console.log(`preview-check: screenshot through ${version}: ${shot}`);
      await page.close();

      p.child.kill("SIGTERM");
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.stderr()).toMatch(/preview stopped \(SIGTERM\)\n$/);
      expect(siteDir, p.stderr()).toBeDefined();
      await expect(stat(siteDir!)).rejects.toThrow();
      // The config's outputs are never written.
      await expect(stat(join(dir, "generated"))).rejects.toThrow();
      await expect(stat(join(dir, "docs"))).rejects.toThrow();
    } finally {
      // SIGTERM first: the preview stops its Hugo and removes its folder (a SIGKILL would leave both behind).
      if (p) await stopPreview(p);
      await cleanup();
    }
  });
});
