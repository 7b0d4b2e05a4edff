/// <reference lib="dom" />
/**
 * What the browser tests share: Chromium (playwright-core, Debian's /usr/bin/chromium), a `cws-docgen
 * preview` subprocess and what it prints, waiting for it, and following a page's links.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type Browser, chromium, type Page } from "playwright-core";
import { CLI } from "../helpers.js";

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

export interface Preview {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `cws-docgen preview --hugo HUGO` in `cwd`, from `cli` (the built one, or an installed package's dist/cli.js). */
export function startPreview(cwd: string, hugo: string, cli = CLI): Preview {
  const child = spawn(process.execPath, [cli, "preview", "--hugo", hugo], { cwd, stdio: ["ignore", "pipe", "pipe"] });
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
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, p: Preview): Promise<void> {
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
export async function followInPageLinks(page: Page): Promise<{ count: number; missed: string[] }> {
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
      const other = await page.context().newPage();
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
