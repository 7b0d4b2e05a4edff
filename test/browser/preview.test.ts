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
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hugoBinaries, hugoVersion } from "../../scripts/dev/hugo-site.js";
import { CLI, FIXTURES, ROOT, join, tempDir } from "../helpers.js";

/** Generous: a machine three times slower than this one must pass; nothing here measures time. */
const WAIT_MS = 180_000;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: WAIT_MS,
  });
});
afterAll(() => browser?.close());

interface Preview {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startPreview(cwd: string, hugo: string): Preview {
  const child = spawn(process.execPath, [CLI, "preview", "--hugo", hugo], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls until `check` holds; on timeout, fails with what the preview printed. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, p: Preview): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    const said = `\n--- stdout:\n${p.stdout()}\n--- stderr:\n${p.stderr()}`;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${said}`);
    if (p.child.exitCode !== null) throw new Error(`the preview ended (code ${p.child.exitCode}) before ${what}${said}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks every in-page link of the open page; returns those that did not land on the element with their id. */
async function followInPageLinks(page: Page): Promise<{ count: number; missed: string[] }> {
  const hrefs = await page.$$eval('a[href^="#"]', (links) => links.map((a) => a.getAttribute("href")!));
  const missed: string[] = [];
  for (const [i, href] of hrefs.entries()) {
    await page.locator('a[href^="#"]').nth(i).click();
    const landed = await page.evaluate(() => {
      const target = document.querySelector(":target");
      return { hash: location.hash, id: target?.id };
    });
    const id = decodeURIComponent(href.slice(1));
    if (landed.hash !== href || landed.id !== id) missed.push(`${href} → ${JSON.stringify(landed)}`);
  }
  return { count: hrefs.length, missed };
}

/** The links of the open page to another page of the site whose id is not there. */
async function crossPageLinks(page: Page): Promise<{ count: number; missed: string[] }> {
  const hrefs = await page.$$eval("a[href]", (links) =>
    links
      .map((a) => (a as HTMLAnchorElement).href)
      .filter((h) => h.startsWith(location.origin) && h.includes("#") && !h.startsWith(`${location.href.split("#")[0]}#`)),
  );
  const ids = new Map<string, Set<string>>();
  const missed: string[] = [];
  for (const href of hrefs) {
    const [path, hash] = href.split("#") as [string, string];
    if (!ids.has(path)) {
      const other = await browser.newPage();
      await other.goto(path, { timeout: WAIT_MS });
      ids.set(path, new Set(await other.$$eval("[id]", (els) => els.map((e) => e.id))));
      await other.close();
    }
    if (!ids.get(path)!.has(decodeURIComponent(hash))) missed.push(href);
  }
  return { count: hrefs.length, missed };
}

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
      expect((await followInPageLinks(page)).missed).toEqual([]);

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
      if (p && p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill("SIGTERM");
        const timer = setTimeout(() => p?.child.kill("SIGKILL"), 60_000);
        await p.exited;
        clearTimeout(timer);
      }
      await cleanup();
    }
  });
});
