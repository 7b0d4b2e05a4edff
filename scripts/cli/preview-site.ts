/**
 * The private Hugo site `cws-docgen preview` serves: a temporary folder (mode 0700, removed when the
 * preview stops) with a copy of the shipped skeleton (templates/hugo-site/) in `site/`, and each
 * page's Markdown at `site/content/<its docs path relative to the config's folder>`, so that pages
 * that link each other with Hugo's `relref` (by their files' relative names) find each other.
 *
 * A page is rewritten only when its Markdown changed, and atomically: written beside the site (in
 * `tmp/`, where Hugo does not look) and renamed into place, so Hugo's own watcher never reads half a page.
 */
import { chmod, cp, mkdir, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { DocgenError } from "../core/problems.js";
import { displayPath } from "../core/files.js";

/** The site skeleton shipped with the package: hugo.toml, the layouts and the code-block shortcode. */
const SITE_SKELETON = join(PACKAGE_ROOT, "templates/hugo-site");

export interface PreviewSite {
  /** The temporary folder: the site, and Hugo's cache and output beside it. */
  dir: string;
  /** The Hugo site (`--source`). */
  site: string;
}

/** A fresh private site folder holding the skeleton and an empty content/. */
export async function makeSite(): Promise<PreviewSite> {
  const dir = await mkdtemp(join(tmpdir(), "cws-docgen-preview-"));
  await chmod(dir, 0o700);
  const site = join(dir, "site");
  await cp(SITE_SKELETON, site, { recursive: true });
  await mkdir(join(site, "content"), { recursive: true });
  await mkdir(join(dir, "tmp"));
  return { dir, site };
}

/** Removes the site folder and everything in it. */
export function removeSite(site: PreviewSite): Promise<void> {
  return rm(site.dir, { recursive: true, force: true });
}

/**
 * Where a page goes under content/: its docs file relative to the config's folder, `/`-separated
 * (`docs/backend.md`), with `.md` added when its name has no Markdown ending (Hugo renders only those).
 * A page outside the config's folder has no such place: refused, naming the config.
 */
export function contentPath(docs: string, configDir: string, configShown: string, pageName: string): string {
  const rel = relative(configDir, docs);
  if (rel === "" || isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`))
    throw new DocgenError({
      file: configShown,
      message: `page ${JSON.stringify(pageName)} writes ${displayPath(docs)}, outside the config's folder, and preview serves each page at its path inside it`,
      hint: "preview a config whose pages' docs files are in its folder or below it",
    });
  const path = rel.split(sep).join("/");
  return /\.(md|markdown)$/i.test(path) ? path : `${path}.md`;
}

/**
 * The path Hugo serves a content file at (`docs/backend.md` → `/docs/backend/`): its folders and name without
 * the ending, lower case, blanks as `-`, each part percent-encoded. What the preview prints is checked
 * against the server (preview.ts): a name this does not foresee falls back to the home page.
 */
export function pageUrlPath(content: string): string {
  const parts = content.replace(/\.(md|markdown)$/i, "").split("/");
  return `/${parts.map((p) => encodeURIComponent(p.toLowerCase().replace(/\s+/g, "-"))).join("/")}/`;
}

/** The server's rebuilds, counted as it reports them: `after(n)` resolves once it has reported more than `n`. */
export interface Rebuilds {
  count(): number;
  after(count: number): Promise<void>;
}

/** No server yet: nothing to wait for. */
const NO_SERVER: Rebuilds = { count: () => 0, after: async () => undefined };

/**
 * Makes content/ hold exactly these pages (content path → Markdown): writes those that changed or are new,
 * removes those no longer there, one at a time, each once the server has rebuilt after the one before
 * (`rebuilds`). Returns the content paths it wrote or removed, sorted.
 */
export async function writeContent(
  site: PreviewSite,
  pages: Map<string, string>,
  previous: Map<string, string>,
  rebuilds: Rebuilds = NO_SERVER,
): Promise<string[]> {
  const changed: string[] = [];
  let counter = 0;
  // One page a rebuild: Hugo 0.131, given a page and a page that links to it with relref in one rebuild,
  // keeps the first one's old code blocks (guides/publishing.md).
  let mark: number | undefined;
  const next = async () => {
    if (mark !== undefined) await rebuilds.after(mark);
    mark = rebuilds.count();
  };
  for (const [path, markdown] of pages) {
    const file = join(site.site, "content", ...path.split("/"));
    if (previous.get(path) === markdown) continue;
    await next();
    await mkdir(dirname(file), { recursive: true });
    const temporary = join(site.dir, "tmp", `page-${counter++}.md`);
    await writeFile(temporary, markdown, { mode: 0o600 });
    await rename(temporary, file);
    changed.push(path);
  }
  for (const path of previous.keys()) {
    if (pages.has(path)) continue;
    await next();
    await unlink(join(site.site, "content", ...path.split("/"))).catch(() => undefined);
    changed.push(path);
  }
  return changed.sort();
}
