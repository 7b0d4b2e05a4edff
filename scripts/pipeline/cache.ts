/**
 * The build cache: a page whose inputs have not changed since its last
 * successful build is not built again. An entry records the hash of every input
 * the build read (the schema files, the template and the partials folders) and
 * the outputs it produced; it is used only when every one of those files still
 * has the same hash. The key also covers the page's config and the generator
 * itself (its code and the versions of the libraries that shape the output), so
 * a new cws-docgen never serves an old entry.
 *
 * Location (`cacheDir`): `$CWS_DOCGEN_CACHE_DIR` when set; else
 * `node_modules/.cache/cws-docgen/` of the nearest folder, from the current one
 * up, that has a package.json (the convention of Babel, ESLint, Prettier, via
 * find-cache-dir); else the user's cache folder (`$XDG_CACHE_HOME/cws-docgen`
 * or `~/.cache/cws-docgen` on Linux, `~/Library/Caches/cws-docgen` on macOS,
 * `%LOCALAPPDATA%\cws-docgen\Cache` on Windows). A `node_modules` folder is never
 * made where there is no package. Deleting the cache is always safe. `--no-cache` bypasses it.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { PageConfig } from "../config/config.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { userCacheDir } from "../core/user-cache.js";

export interface CacheEntry {
  /** Every file the build read (and the partial folders' listings), with its SHA-256. */
  inputs: { file: string; sha256: string | null }[];
  docs: string;
  types?: string;
  validator?: string;
  /** The attribute index (JSON). */
  attributes?: string;
  /** The events package's files (absolute paths: the key covers the config and the current folder). */
  package?: { file: string; content: string }[];
}

export function cacheDir(
  cwd = process.cwd(),
  env: Record<string, string | undefined> = process.env,
  platform: string = process.platform,
): string {
  if (env.CWS_DOCGEN_CACHE_DIR) return resolve(cwd, env.CWS_DOCGEN_CACHE_DIR);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "node_modules", ".cache", "cws-docgen");
    if (dirname(dir) === dir) break;
  }
  return userCacheDir(env, platform);
}

let generatorFingerprint: Promise<string> | undefined;

/**
 * Every module of the generator, built and source, in every folder (the dev
 * tools aside: they shape no output), sorted.
 */
export async function generatorModules(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of [join(PACKAGE_ROOT, "dist"), join(PACKAGE_ROOT, "scripts")]) {
    const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
    for (const n of names.sort())
      if (/\.(js|ts)$/.test(n) && !n.endsWith(".d.ts") && !n.split(sep).some((part) => part === "dev" || part === "types"))
        files.push(join(dir, n));
  }
  return files;
}

/**
 * The bundle's own hash, which the build writes beside it (`dist/generator.json`: the SHA-256 of
 * every file of the package's bundle, by name, as `generatorHash` in scripts/dev/build.mjs computes
 * it): reading it instead of hashing the 4 MB of the bundle and the sources saves each run about
 * 75 ms (measured on the 2-core machine: a directory walk, 139 reads, SHA-256). Only when this
 * module runs from that bundle; from the sources, or without the file, every module is hashed.
 */
export const BUILT_FINGERPRINT = join(PACKAGE_ROOT, "dist", "generator.json");

async function builtFingerprint(): Promise<string | undefined> {
  if (!fileURLToPath(import.meta.url).startsWith(join(PACKAGE_ROOT, "dist") + sep)) return undefined;
  try {
    const { sha256 } = JSON.parse(await readFile(BUILT_FINGERPRINT, "utf8")) as { sha256?: unknown };
    return typeof sha256 === "string" && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : undefined;
  } catch {
    return undefined;
  }
}

/** A hash of the generator's own code and of the libraries whose versions shape the output. */
function fingerprint(): Promise<string> {
  generatorFingerprint ??= (async () => {
    const hash = createHash("sha256");
    const built = await builtFingerprint();
    if (built !== undefined) hash.update(`bundle ${built}`);
    else for (const file of await generatorModules()) hash.update(relative(PACKAGE_ROOT, file)).update(await readFile(file));
    for (const pkg of [
      "package.json",
      "node_modules/json-schema-to-typescript/package.json",
      "node_modules/prettier/package.json",
      "node_modules/handlebars/package.json",
    ]) {
      hash.update(await readFile(join(PACKAGE_ROOT, pkg)).catch(() => Buffer.from("-")));
    }
    return hash.digest("hex");
  })();
  return generatorFingerprint;
}

async function keyOf(page: PageConfig, withTypes: boolean): Promise<string> {
  return createHash("sha256")
    .update(await fingerprint())
    .update(JSON.stringify({ page, withTypes, cwd: process.cwd() }))
    .digest("hex");
}

/** SHA-256 of a file's text (without a byte-order mark), or of a folder's sorted listing; null when it does not exist. */
export async function hashInput(file: string): Promise<string | null> {
  try {
    // Not a regular file (a FIFO would hang here): no hash, the build reports it.
    const info = await stat(file);
    if (!info.isFile() && !info.isDirectory()) return "not a regular file";
    let text = await readFile(file, "utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return hashText(text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EISDIR")
      return createHash("sha256")
        .update((await readdir(file)).sort().join("\n"))
        .digest("hex");
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw err;
  }
}

export async function readCache(page: PageConfig, withTypes: boolean): Promise<CacheEntry | undefined> {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(await readFile(join(cacheDir(), `${await keyOf(page, withTypes)}.json`), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (!Array.isArray(entry.inputs) || typeof entry.docs !== "string") return undefined;
  const hashes = await Promise.all(entry.inputs.map((i) => hashInput(i.file)));
  return hashes.every((h, i) => h === entry.inputs[i]!.sha256) ? entry : undefined;
}

/** Hashes files and folders now, before a build reads them. */
export async function hashAll(files: string[]): Promise<CacheEntry["inputs"]> {
  return Promise.all([...new Set(files)].map(async (file) => ({ file, sha256: await hashInput(file) })));
}

/** SHA-256 of a text as read by the load stage. */
export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Stores an entry; a cache that cannot be written is not an error (the build already succeeded).
 * `inputs` carry the hashes of what the build actually read, so a file edited during the build
 * makes the entry miss next time rather than serve stale outputs.
 */
export async function writeCache(
  page: PageConfig,
  withTypes: boolean,
  inputs: CacheEntry["inputs"],
  outputs: Omit<CacheEntry, "inputs">,
): Promise<void> {
  try {
    const entry: CacheEntry = { inputs, ...outputs };
    const dir = cacheDir();
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${await keyOf(page, withTypes)}.json`);
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, file);
  } catch {
    /* best effort */
  }
}
