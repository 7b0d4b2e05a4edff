/**
 * Publishing pages through real Hugo, for the scripts that check the page
 * against it (scripts/dev/hugo-anchors.ts, scripts/dev/publish-check.ts; neither is part
 * of `npm test` nor of the package). The site skeleton is test/hugo-site/ (its config and a layout that
 * shows the front matter) with the shipped site's shortcodes (templates/hugo-site/layouts/shortcodes/, the
 * ones `cws-docgen preview` serves the pages with: one home for each): it is
 * copied to a temporary folder, the pages go to its content/, and `hugo` builds
 * it into public/ (one `<name>.html` per page), with any Hugo binary (`hugoBinaries`: `$HUGO`).
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../core/package-root.js";

export const SITE_SKELETON = join(PACKAGE_ROOT, "test/hugo-site");
/** The shortcodes of the site `preview` serves, which the publication check publishes with too. */
export const SHORTCODES = join(PACKAGE_ROOT, "templates/hugo-site/layouts/shortcodes");

export interface HugoRun {
  /** Hugo's version line. */
  version: string;
  /** The HTML of each page, by the name it was given. */
  html: Map<string, string>;
  /** What hugo printed. */
  log: string;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 127) : 0;
      resolve({ code, stdout, stderr: err && typeof err.code !== "number" ? `${stderr}${err.message}` : stderr });
    });
  });
}

/** Hugo's version line, or undefined when there is no such `hugo` to run (`hugo`: the binary, default the one on PATH). */
export async function hugoVersion(hugo = "hugo"): Promise<string | undefined> {
  const r = await run(hugo, ["version"], process.cwd());
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export { hugoAtLeast, hugoRelease } from "../core/hugo-version.js";

/**
 * The Hugo binaries to publish through: `$HUGO`, paths separated by `:` (`/usr/bin/hugo:/opt/trixie/usr/bin/hugo`),
 * else `hugo` on PATH. CI gives Debian bookworm's and trixie's (.ci/run, scripts/dev/trixie-hugo.sh).
 */
export function hugoBinaries(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.HUGO ?? "").split(":").filter((h) => h !== "");
  return list.length > 0 ? list : ["hugo"];
}

/**
 * Builds the skeleton site with these pages (name → Markdown, front matter
 * included) and returns each page's HTML. `extraConfig` names a file of the
 * skeleton layered over hugo.toml. Throws with hugo's output when the build fails.
 */
export async function publish(pages: Map<string, string>, options: { extraConfig?: string; hugo?: string } = {}): Promise<HugoRun> {
  const hugo = options.hugo ?? "hugo";
  const version = await hugoVersion(hugo);
  if (version === undefined) throw new Error(`${hugo} does not run (Debian: apt-get install -y hugo)`);
  const dir = await mkdtemp(join(tmpdir(), "cws-docgen-hugo-"));
  try {
    const site = join(dir, "site");
    await cp(SITE_SKELETON, site, { recursive: true });
    await cp(SHORTCODES, join(site, "layouts/shortcodes"), { recursive: true });
    await mkdir(join(site, "content"), { recursive: true });
    // A name may hold folders (`docs/backend`): pages that link to each other with relref keep their files' names.
    for (const [name, markdown] of pages) {
      await mkdir(dirname(join(site, "content", `${name}.md`)), { recursive: true });
      await writeFile(join(site, "content", `${name}.md`), markdown);
    }
    const out = join(dir, "public");
    const config = ["hugo.toml", ...(options.extraConfig ? [options.extraConfig] : [])].map((f) => join(site, f)).join(",");
    const r = await run(
      hugo,
      ["--source", site, "--config", config, "--destination", out, "--noBuildLock", "--cacheDir", join(dir, "cache")],
      site,
    );
    const log = `${r.stdout}${r.stderr}`;
    if (r.code !== 0) throw new Error(`hugo failed (exit ${r.code}):\n${log}`);
    const html = new Map<string, string>();
    for (const name of pages.keys()) html.set(name, await readFile(join(out, `${name}.html`), "utf8"));
    return { version, html, log };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
