/**
 * The build cache: a page whose inputs have not changed since its last
 * successful build is not built again. An entry records the hash of every input
 * the build read (the schema files, the template and the partials folders) and
 * the outputs it produced; it is used only when every one of those files still
 * has the same hash. The key also covers the page's config and the generator
 * itself (its bundle, and every library file it reads from node_modules at run
 * time: core/libraries.ts), so a new cws-docgen, or a patched library, never
 * serves an old entry.
 *
 * What a hit can do is what a build would: an entry is believed only when it is a
 * regular file in a folder no one else can write, sealed with this user's secret
 * (core/private-files.ts) over its key and its bytes. It was sealed after its build
 * had passed the lint and verify stages, so its outputs are bytes that passed them;
 * its outputs go only where the config puts them (the package's files by name inside
 * the package's folder).
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
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { PageConfig } from "../config/config.js";
import { librariesSignature } from "../core/libraries.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { folderRefusal, privateFolder, readPrivateFile, seal, sealed, userSecret, writePrivateFile } from "../core/private-files.js";
import { printable } from "../core/problems.js";
import { userCacheDir } from "../core/user-cache.js";

export interface CacheEntry {
  /** Every file the build read (and the partial folders' listings), with its SHA-256. */
  inputs: { file: string; sha256: string | null }[];
  docs: string;
  types?: string;
  validator?: string;
  /** The attribute index (JSON). */
  attributes?: string;
  /** The events package's files, by name inside the package's folder (which the config gives). */
  package?: { name: string; content: string }[];
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
 * it): reading it instead of hashing the bundle and the sources spares each run a directory walk,
 * every file's read and their SHA-256 (guides/performance.md). Only when this
 * module runs from that bundle; from the sources, or without the file, every module is hashed.
 */
export const BUILT_FINGERPRINT = join(PACKAGE_ROOT, "dist", "generator.json");

/** Where the generator's hash is read: the build's file when this module runs from the bundle; none from the sources. */
let fingerprintFile: string | undefined = fileURLToPath(import.meta.url).startsWith(join(PACKAGE_ROOT, "dist") + sep)
  ? BUILT_FINGERPRINT
  : undefined;

/**
 * From the next build on, reads the generator's hash from `file` as the bundle reads dist/generator.json
 * (undefined: hashes every module, as from the sources), and forgets the hash found so far: the tests of
 * the key build the bundle's way in their own process. Returns the file read before, to put back.
 */
export function readFingerprintFrom(file: string | undefined): string | undefined {
  const before = fingerprintFile;
  fingerprintFile = file;
  generatorFingerprint = undefined;
  return before;
}

async function builtFingerprint(): Promise<string | undefined> {
  if (fingerprintFile === undefined) return undefined;
  try {
    const { sha256 } = JSON.parse(await readFile(fingerprintFile, "utf8")) as { sha256?: unknown };
    return typeof sha256 === "string" && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : undefined;
  } catch {
    return undefined;
  }
}

/** A hash of the generator's own code and of the libraries it runs. */
function fingerprint(): Promise<string> {
  generatorFingerprint ??= (async () => {
    const hash = createHash("sha256");
    const built = await builtFingerprint();
    if (built !== undefined) hash.update(`bundle ${built}`);
    else for (const file of await generatorModules()) hash.update(relative(PACKAGE_ROOT, file)).update(await readFile(file));
    hash.update(await readFile(join(PACKAGE_ROOT, "package.json")));
    hash.update(librariesSignature());
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

/**
 * SHA-256 of a file's text (without a byte-order mark), or of a folder's sorted listing; null when
 * it does not exist; a mark that matches no hash when it is not a regular file (a FIFO would hang
 * here) or is over `maxBytes` (the build then reports it, as it would without the cache).
 */
export async function hashInput(file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<string | null> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      return createHash("sha256")
        .update((await readdir(file)).sort().join("\n"))
        .digest("hex");
    if (!info.isFile()) return "not a regular file";
    if (info.size > maxBytes) return "over the size limit";
    let text = await readFile(file, "utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return hashText(text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw err;
  }
}

/** The most bytes an entry may hold: about what one V8 string can (an entry is read as one). */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const SEAL = "cws-docgen build cache entry 1";

/** Where a note goes when the build names no `onNote`: the process's stderr. */
const toStderr = (line: string): void => {
  process.stderr.write(line);
};
/** The `onNote` functions already told: the note is said once per run (by default, once per process). */
const noted = new WeakSet<(line: string) => void>();
function note(reason: string, onNote: (line: string) => void = toStderr): void {
  if (noted.has(onNote)) return;
  noted.add(onNote);
  onNote(
    `cws-docgen: note: the build cache is not used: ${printable(reason)}\n  hint: make the folder yours alone (chmod 700), or set CWS_DOCGEN_CACHE_DIR to one that is; --no-cache hides this note\n`,
  );
}

/** An entry's file, its key, and this user's secret; undefined when the cache cannot be trusted. */
async function entryFile(page: PageConfig, withTypes: boolean, making: boolean, onNote?: (line: string) => void) {
  const key = userSecret();
  if (key === undefined) return undefined;
  const dir = cacheDir();
  if (!making && !existsSync(dir)) return undefined;
  const refusal = making ? privateFolder(dir) : folderRefusal(dir);
  if (refusal !== undefined) {
    note(refusal, onNote);
    return undefined;
  }
  const name = await keyOf(page, withTypes);
  return { file: join(dir, `${name}.entry`), name, key };
}

/**
 * The entry of a page whose inputs are unchanged, or undefined. Only an entry this user's build
 * sealed is believed (a forged, moved or edited one is a miss), and it must name the page's
 * schema among its inputs; an input over `maxSchemaBytes` is a miss, for the build to refuse.
 */
export async function readCache(
  page: PageConfig,
  withTypes: boolean,
  maxSchemaBytes?: number,
  onNote?: (line: string) => void,
): Promise<CacheEntry | undefined> {
  const at = await entryFile(page, withTypes, false, onNote);
  if (at === undefined) return undefined;
  const bytes = readPrivateFile(at.file, MAX_ENTRY_BYTES);
  if (bytes === undefined || bytes.length < 32) return undefined;
  const body = bytes.subarray(32);
  if (!sealed(at.key, [SEAL, at.name, body], bytes.subarray(0, 32))) return undefined;
  let entry: CacheEntry;
  try {
    entry = JSON.parse(body.toString("utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (!wellFormed(entry) || !entry.inputs.some((i) => i.file === resolve(page.schema))) return undefined;
  const hashes = await Promise.all(entry.inputs.map((i) => hashInput(i.file, maxSchemaBytes)));
  return hashes.every((h, i) => h === entry.inputs[i]!.sha256) ? entry : undefined;
}

/** An entry as this module writes them: absolute inputs, texts, the package's files by plain name. */
function wellFormed(entry: CacheEntry): boolean {
  const text = (v: unknown) => v === undefined || typeof v === "string";
  return (
    Array.isArray(entry.inputs) &&
    entry.inputs.length > 0 &&
    entry.inputs.every((i) => typeof i?.file === "string" && isAbsolute(i.file) && (i.sha256 === null || typeof i.sha256 === "string")) &&
    typeof entry.docs === "string" &&
    text(entry.types) &&
    text(entry.validator) &&
    text(entry.attributes) &&
    (entry.package === undefined ||
      (Array.isArray(entry.package) && entry.package.every((f) => isPackageFileName(f?.name) && typeof f.content === "string")))
  );
}

/** A file name inside the package's folder: one plain name, no folder. */
export function isPackageFileName(name: unknown): name is string {
  return typeof name === "string" && name !== "." && name !== ".." && name === basename(name) && !name.includes(sep) && name !== "";
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
 * Stores an entry, sealed with this user's secret, in a new file of its own (never through a link);
 * a cache that cannot be written is not an error (the build already succeeded). `inputs` carry the
 * hashes of what the build actually read, so a file edited during the build makes the entry miss
 * next time rather than serve stale outputs.
 */
export async function writeCache(
  page: PageConfig,
  withTypes: boolean,
  inputs: CacheEntry["inputs"],
  outputs: Omit<CacheEntry, "inputs">,
  onNote?: (line: string) => void,
): Promise<void> {
  try {
    const at = await entryFile(page, withTypes, true, onNote);
    if (at === undefined) return;
    const body = Buffer.from(JSON.stringify({ inputs, ...outputs } satisfies CacheEntry), "utf8");
    writePrivateFile(at.file, Buffer.concat([seal(at.key, [SEAL, at.name, body]), body]));
  } catch {
    /* best effort */
  }
}
