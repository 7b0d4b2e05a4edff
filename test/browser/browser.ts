/// <reference lib="dom" />
/**
 * What the browser tests share: Chromium (playwright-core, Debian's /usr/bin/chromium), a `cws-docgen
 * preview` subprocess and what it prints, waiting for it, and following a page's links.
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { CLI, type Running, spawnCli } from "../helpers.js";

/** Generous: a machine three times slower than this one must pass; nothing here measures time. */
export const WAIT_MS = 180_000;

/** Debian's Chromium (or `$CHROMIUM`), headless, with nothing that reaches out to the network (the machine's is closed). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A running `cws-docgen preview`. */
export type Preview = Running;

/** `cws-docgen preview --hugo HUGO` in `cwd`, from `cli` (the built one, or an installed package's dist/cli.js). */
export function startPreview(cwd: string, hugo: string, cli = CLI): Preview {
  return spawnCli(["preview", "--hugo", hugo], { cwd, cli });
}

/**
 * Runs `read` on a page that live reload may still reload (the preview writes its changed pages one Hugo
 * rebuild apart, and each rebuild reloads the page): a read that a reload cut short is run again once the
 * page has loaded, until one runs through.
 */
export async function afterReloads<T>(page: Page, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= 20 || !/context was destroyed|navigat/i.test(String(err))) throw err;
      await page.waitForLoadState("load", { timeout: WAIT_MS });
    }
  }
}

/**
 * Clicks every in-page link of the open page; returns those that did not land on the element with their id.
 * A live reload between a click and the read of where it landed would show the hash the page reloaded with:
 * the page is marked first, and a page without the mark throws a navigation error (which `afterReloads` retries).
 */
export async function followInPageLinks(page: Page): Promise<{ count: number; missed: string[] }> {
  await page.evaluate(() => {
    (window as unknown as { cwsDocgenMark?: boolean }).cwsDocgenMark = true;
  });
  const hrefs = await page.$$eval('a[href^="#"]', (links) => links.map((a) => a.getAttribute("href")!));
  const missed: string[] = [];
  for (const [i, href] of hrefs.entries()) {
    await page.locator('a[href^="#"]').nth(i).click();
    const landed = await page.evaluate(() => {
      const target = document.querySelector(":target");
      return { hash: location.hash, id: target?.id, marked: (window as unknown as { cwsDocgenMark?: boolean }).cwsDocgenMark === true };
    });
    if (!landed.marked) throw new Error("the page navigated (a live reload) while its links were followed");
    const id = decodeURIComponent(href.slice(1));
    if (landed.hash !== href || landed.id !== id) missed.push(`${href} → ${JSON.stringify({ hash: landed.hash, id: landed.id })}`);
  }
  return { count: hrefs.length, missed };
}

/** The links of the open page to another page of the site whose id is not there. */
export async function crossPageLinks(page: Page): Promise<{ count: number; missed: string[] }> {
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
      const other = await page.context().browser()!.newPage();
      await other.goto(path, { timeout: WAIT_MS });
      ids.set(path, new Set(await other.$$eval("[id]", (els) => els.map((e) => e.id))));
      await other.close();
    }
    if (!ids.get(path)!.has(decodeURIComponent(hash))) missed.push(href);
  }
  return { count: hrefs.length, missed };
}

/** Stops a preview as a user does, with SIGTERM (it then stops its Hugo and removes its folder; SIGKILL only if it hangs). */
export async function stopPreview(p: Preview): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill("SIGTERM");
    const timer = setTimeout(() => p.child.kill("SIGKILL"), 60_000);
    try {
      return await p.exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return p.exited;
}
