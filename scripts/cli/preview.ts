/**
 * `cws-docgen preview`: the config's pages in a browser, through a real `hugo server`, with live reload.
 *
 * The pages are built in memory, as `check` builds them (the config's outputs are never written),
 * and their Markdown goes into a private temporary Hugo site (preview-site.ts). Hugo serves it on
 * 127.0.0.1 (or `--bind`), on `--port` or a free port, with live reload and full re-renders. The
 * watch (watch.ts, as `generate --watch`) rebuilds the pages on every change of a schema, a template
 * or the config and rewrites the pages that changed; Hugo's own watcher sees them and reloads the
 * browser. A failed rebuild prints its error and the last good pages stay served.
 *
 * The flags given to Hugo are those that Hugo 0.111 (Debian bookworm's) and 0.131 (trixie's) both
 * take: 0.131 renders the site to disk unless told `--renderToMemory`, which 0.111 does not know
 * (it renders to memory, and has `--renderToDisk` instead), so `--destination` puts that copy in the
 * temporary folder too. Hugo's lines, which can quote page text, reach stderr printable; with
 * --quiet only its stderr (its errors). What ends the watch (Ctrl-C or SIGTERM, in the bin) stops Hugo,
 * removes the folder, and ends with 0.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { resolvePages, type PageConfig } from "../config/config.js";
import { displayPath } from "../core/files.js";
import { hugoAtLeast } from "../core/hugo-version.js";
import { DocgenError, errorReport, printable } from "../core/problems.js";
import { buildPage } from "../pipeline/pipeline.js";
import { contentPath, makeSite, pageUrlPath, removeSite, writeContent, type PreviewSite, type Rebuilds } from "./preview-site.js";
import { watchInputs, type WatchStop } from "./watch.js";

export interface PreviewOptions {
  config?: string;
  page?: string;
  /** The server's port; undefined: a free one. */
  port?: number;
  bind: string;
  /** The Hugo binary. */
  hugo: string;
  cache?: boolean;
  quiet?: boolean;
}

/** Where the preview prints, and what ends it (as it ends a watch). */
interface PreviewOutput extends WatchStop {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The oldest Hugo preview runs with: Debian bookworm's. */
const MIN_HUGO = "0.111.0";

/** Hugo's version line, when this binary runs and is recent enough; else the one-line error that says what to do. */
async function checkHugo(hugo: string): Promise<string> {
  const r = await new Promise<{ ok: boolean; stdout: string }>((resolve) =>
    execFile(hugo, ["version"], { timeout: 60_000 }, (err, stdout) => resolve({ ok: !err, stdout: String(stdout) })),
  );
  const version = r.stdout.trim().split("\n")[0] ?? "";
  if (r.ok && hugoAtLeast(version, MIN_HUGO)) return version;
  const what = r.ok ? `${hugo} is ${version.slice(0, 80)}` : `${hugo} does not run`;
  throw new DocgenError({
    file: "--hugo",
    message: `preview needs Hugo 0.111 or later, and ${what}: install it (Debian/Ubuntu: apt-get install hugo; others: https://gohugo.io/installation/) or give its path with --hugo PATH`,
  });
}

/** The pages to serve: the config's, or the one `--page` names with the page it links to with relref (Hugo refuses a link to a page it lacks). */
async function previewPages(o: PreviewOptions): Promise<PageConfig[]> {
  const all = await resolvePages({ config: o.config });
  if (o.page === undefined) return all;
  // An unknown name: resolvePages says so, with the names there are.
  const chosen = all.find((p) => p.name === o.page) ?? (await resolvePages({ config: o.config, page: o.page }))[0]!;
  return all.filter((p) => p === chosen || p.name === chosen.reference?.name);
}

/** A port free on this address now (the server takes it a moment later). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (err) =>
      reject(
        new DocgenError({
          file: "--bind",
          message: `cannot listen on ${host}: ${err.message}`,
          hint: "give an address of this machine, such as 127.0.0.1",
        }),
      ),
    );
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The host part of the URL for a bind address: an address that listens everywhere is reached at 127.0.0.1. */
function urlHost(bind: string): string {
  if (bind === "0.0.0.0" || bind === "::") return "127.0.0.1";
  return bind.includes(":") ? `[${bind}]` : bind;
}

/** Each line of a Hugo stream to `forward` (or nowhere), printable (Hugo quotes page text in its errors), and to `seen`. */
function readLines(stream: NodeJS.ReadableStream, forward: PreviewOutput | undefined, seen: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
    seen(line);
    if (forward && line.trim() !== "") forward.stderr(`hugo: ${printable(line)}\n`);
  });
}

/** The longest a page waits for Hugo to report the rebuild before it (a report it never prints must not stall the preview). */
const REBUILD_WAIT_MS = 30_000;

/**
 * Hugo's rebuilds as its output reports them: each ends with a `Total in N ms` line (0.111 and 0.131 alike),
 * or an error line when it fails; when Hugo ends, every wait ends.
 */
function hugoRebuilds(): Rebuilds & { seen: (line: string) => void; ended: () => void } {
  let reported = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const release = (all: boolean) => {
    const due = waiters.filter((w) => all || reported > w.count);
    waiters = waiters.filter((w) => !due.includes(w));
    for (const w of due) w.resolve();
  };
  return {
    count: () => reported,
    after: (count) =>
      new Promise<void>((resolve) => {
        if (reported > count) return resolve();
        const timer = setTimeout(() => release(true), REBUILD_WAIT_MS);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    seen: (line) => {
      if (/^\s*(Total in \d|ERROR|Error:)/.test(line)) {
        reported++;
        release(false);
      }
    },
    ended: () => release(true),
  };
}

/** Resolves once the server answers at `url`; rejects when Hugo ends first. */
async function serverReady(url: string, hugo: ChildProcess, exited: Promise<unknown>): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended)
      throw new DocgenError({
        file: "hugo",
        message: `hugo server stopped (exit code ${hugo.exitCode ?? hugo.signalCode}) before it served the pages; what it printed is above`,
        hint: "fix what Hugo says (a page it refuses, a port in use: another --port), then run preview again",
      });
    if ((await answer(url)) !== undefined) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The HTTP status the server answers at this URL with (its body read and dropped); undefined: no answer. */
async function answer(url: string): Promise<number | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return undefined;
  }
}

/**
 * `hugo server` on the site, its lines forwarded to stderr (with --quiet, its stderr alone). The flags are
 * those Hugo 0.111 and 0.131 both take; all of Hugo's files (its output, its cache) stay in the temporary
 * folder. `--noHTTPCache`: a reload asks for the page as Hugo renders it now, never the browser's copy.
 */
function startHugo(
  o: PreviewOptions,
  site: PreviewSite,
  port: number,
  base: string,
  out: PreviewOutput,
  rebuilds: ReturnType<typeof hugoRebuilds>,
) {
  const args = ["server", "--source", site.site, "--destination", join(site.dir, "public"), "--cacheDir", join(site.dir, "cache")];
  args.push("--noBuildLock", "--noHTTPCache", "--disableFastRender");
  args.push("--bind", o.bind, "--port", String(port), "--baseURL", base, "--appendPort=false");
  const child = spawn(o.hugo, args, { cwd: site.dir, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<unknown>((resolve) => child.once("exit", resolve));
  child.once("error", () => undefined);
  void exited.then(rebuilds.ended);
  readLines(child.stdout!, o.quiet ? undefined : out, rebuilds.seen);
  readLines(child.stderr!, out, rebuilds.seen);
  return { child, exited };
}

/** Stops Hugo: SIGTERM, then SIGKILL if it has not ended within a while. */
async function stopHugo(hugo: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (hugo.exitCode !== null || hugo.signalCode !== null) return;
  hugo.kill("SIGTERM");
  const timer = setTimeout(() => hugo.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function runPreview(o: PreviewOptions, out: PreviewOutput): Promise<void> {
  const site = await makeSite();
  let hugo: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let failure: DocgenError | undefined;
  let stopping = false;
  const stopper = new AbortController();
  let pages = new Map<string, string>();
  let rebuilds: Rebuilds | undefined;
  try {
    await watchInputs(
      { config: o.config, page: o.page },
      out,
      {
        build: async (changed) => {
          const { next, report } = await rebuild(o, site, changed, pages, out, rebuilds);
          pages = next;
          return report;
        },
        started: async () => {
          await checkHugo(o.hugo);
          const port = o.port ?? (await freePort(o.bind));
          const base = `http://${urlHost(o.bind)}:${port}/`;
          const reported = hugoRebuilds();
          const started = startHugo(o, site, port, base, out, reported);
          rebuilds = reported;
          hugo = started.child;
          exited = started.exited;
          const child = started.child;
          void exited.then(() => {
            if (stopping) return;
            failure = new DocgenError({
              file: "hugo",
              message: `hugo server stopped (exit code ${child.exitCode ?? child.signalCode}); what it printed is above`,
            });
            stopper.abort("hugo stopped");
          });
          await serverReady(base, child, exited);
          const first = [...pages.keys()][0];
          const page = first === undefined ? base : new URL(pageUrlPath(first), base).href;
          const url = page !== base && (await answer(page)) === 200 ? page : base;
          out.stdout(`preview: ${url} (${pages.size} page${pages.size === 1 ? "" : "s"}; Ctrl-C stops)\n`);
        },
        stopped: async (why) => {
          stopping = true;
          if (hugo) await stopHugo(hugo, exited);
          if (!o.quiet && !failure) out.stderr(`preview stopped (${why})\n`);
        },
      },
      { stop: { signal: out.signal ? AbortSignal.any([out.signal, stopper.signal]) : stopper.signal, watching: out.watching } },
    );
    if (failure) throw failure;
  } finally {
    stopping = true;
    if (hugo) await stopHugo(hugo, exited);
    await removeSite(site);
  }
}

/**
 * One build of the pages, in memory, and the site's pages rewritten where they changed. The first
 * build's error is the command's (nothing is served yet); a later one is printed, and the site keeps
 * the last good pages.
 */
async function rebuild(
  o: PreviewOptions,
  site: PreviewSite,
  changed: string[],
  previous: Map<string, string>,
  out: PreviewOutput,
  rebuilds: Rebuilds | undefined,
): Promise<{ next: Map<string, string>; report: () => void }> {
  const start = performance.now();
  const names = (files: string[]) =>
    `${files.slice(0, 3).map(printable).join(", ")}${files.length > 3 ? ` and ${files.length - 3} more` : ""}`;
  const after = changed.length === 0 ? "" : ` after ${names(changed.map((f) => displayPath(f)))} changed`;
  try {
    const next = new Map<string, string>();
    for (const page of await previewPages(o)) {
      const built = await buildPage(
        page,
        {},
        { types: false, cache: o.cache !== false, onWarning: o.quiet ? () => undefined : out.stderr, onNote: out.stderr },
      );
      const config = page.configFile ?? join(process.cwd(), "cws-docgen.config.json");
      next.set(contentPath(page.docs, dirname(config), displayPath(config), page.name), built.docs.content);
    }
    const written = await writeContent(site, next, previous, rebuilds);
    const ms = Math.round(performance.now() - start);
    const what =
      written.length === 0 ? "no page changed" : `${written.length} page${written.length === 1 ? "" : "s"} changed: ${names(written)}`;
    return { next, report: () => (o.quiet || changed.length === 0 ? undefined : out.stderr(`rebuilt in ${ms} ms${after}: ${what}\n`)) };
  } catch (err) {
    if (previous.size === 0 && changed.length === 0) throw err;
    const ms = Math.round(performance.now() - start);
    return {
      next: previous,
      report: () => out.stderr(`build failed in ${ms} ms${after}; the preview keeps the last good pages\n${errorReport(err)}`),
    };
  }
}
