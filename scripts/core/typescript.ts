/**
 * The TypeScript compiler (stages 10 and 11), loaded once per thread, with a V8 code cache.
 *
 * Loading TypeScript is the dearest step of a typed build: 9 MB of JavaScript that V8 must
 * compile before it runs (more than all the seed's stages together). V8 can save what it
 * compiled (`script.createCachedData()`) and take it back on the next load, skipping that work
 * (guides/performance.md has the figures). Node 22.1+ has this built in
 * (`module.enableCompileCache`); Node 20 has not, so it is done here, for this one library.
 *
 * The cache is one file per TypeScript file and Node: `<user cache>/v8/typescript-<key>.bin`, in
 * the user's cache folder (`userCacheDir`: a machine-wide cache, like Node's own compile cache,
 * not the project's build cache). Its key covers the file (path, size, modification time, inode)
 * and the runtime (Node's and V8's versions, the architecture): V8 itself checks only the
 * source's length and its own version and flags, so a file replaced by another of the same
 * length must not find the old cache, and a new install never does (a new inode, a new time).
 * The file is written once (atomically, through a new file of its own, readable by its owner only,
 * sealed with this user's secret, checked before V8 sees them: `readCodeCache`), after the first use, so that the functions the stages called are in
 * it; the folder keeps the newest few (KEPT_CODE_CACHES) of each module. A missing, unreadable or rejected cache costs
 * nothing but the plain load; nothing about it can change an output (the golden tests build with
 * and without it).
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import type TS from "typescript";
import { libraryFile } from "./libraries.js";
import { folderRefusal, privateFolder, readPrivateFile, seal, sealed, userSecret, writePrivateFile } from "./private-files.js";
import { userCacheDir } from "./user-cache.js";

let loaded: typeof TS | undefined;
/** Writes the code cache, when this load found none it could use. */
let pendingSave: (() => void) | undefined;

/**
 * The TypeScript compiler, loaded on first call (with the code cache unless
 * `CWS_DOCGEN_CODE_CACHE=off`, or when it cannot be used): the same object for every call in a thread.
 */
export function loadTypeScript(): typeof TS {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = libraryFile("typescript");
  const cached = process.env.CWS_DOCGEN_CODE_CACHE === "off" ? undefined : loadWithCodeCache(file, codeCacheFile(file));
  loaded = (cached?.exports ?? require(file)) as typeof TS;
  pendingSave = cached?.save;
  return loaded;
}

/** Writes TypeScript's code cache if this thread's load found none it could use (once; errors are ignored). */
export function saveTypeScriptCodeCache(): void {
  const save = pendingSave;
  pendingSave = undefined;
  save?.();
}

/** Where the code cache of a file goes, for this runtime (undefined: the file cannot be stated). */
export function codeCacheFile(file: string, dir = join(userCacheDir(), "v8")): string | undefined {
  try {
    const info = statSync(file);
    const key = createHash("sha256")
      .update(JSON.stringify([file, info.size, info.mtimeMs, info.ino, info.dev, process.version, process.versions.v8, process.arch]))
      .digest("hex")
      .slice(0, 32);
    return join(dir, `${/([^/\\]+?)(\.[cm]?js)?$/.exec(file)![1]}-${key}.bin`);
  } catch {
    return undefined;
  }
}

export interface CodeCachedModule {
  exports: unknown;
  /** Whether V8 took the cache file's code. */
  fromCache: boolean;
  /** Writes the code cache (set when there was none, or V8 rejected it). */
  save?: () => void;
}

/**
 * Runs the CommonJS module `file` as Node's loader does (same wrapper, same line numbers, its own
 * `require`), compiled with the code cache in `cacheFile` when V8 accepts it. Undefined when it
 * cannot (the caller then require()s the file): the module is then not half-loaded, since a
 * module that throws while it runs is not returned.
 */
export function loadWithCodeCache(file: string, cacheFile: string | undefined): CodeCachedModule | undefined {
  if (cacheFile === undefined) return undefined;
  const cachedData = readCodeCache(cacheFile);
  try {
    const script = new Script(wrappedSource(file), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const module = { exports: {} as unknown };
    (script.runInThisContext() as (...args: unknown[]) => void).call(
      module.exports,
      module.exports,
      createRequire(file),
      module,
      file,
      dirname(file),
    );
    const fromCache = cachedData !== undefined && !script.cachedDataRejected;
    return { exports: module.exports, fromCache, ...(fromCache ? {} : { save: () => writeCodeCache(cacheFile, script) }) };
  } catch {
    return undefined;
  }
}

/** Node's CommonJS wrapper, on the first line of the module: positions in the file stay as they are. */
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_END = "\n});";

/**
 * A module's source text inside Node's CommonJS wrapper. TypeScript's 9 MB are ASCII: read into one
 * buffer between the wrapper's two ends and taken as Latin-1 (the same characters), the wrapped text
 * is made once, where decoding the file and then joining the wrapper to it copies its 9 MB twice more
 * (V8 flattens the joined text before it compiles; guides/performance.md has the figures). A file
 * that is not ASCII is decoded as UTF-8, as Node's loader does, without its byte order mark.
 */
function wrappedSource(file: string): string {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.allocUnsafe(WRAPPER_START.length + size + WRAPPER_END.length);
    bytes.write(WRAPPER_START, 0, "latin1");
    // Up to the size it had when opened (a file that shrank meanwhile ends where its bytes end).
    const stop = WRAPPER_START.length + size;
    let end = WRAPPER_START.length;
    while (end < stop) {
      const read = readSync(fd, bytes, end, stop - end, null);
      if (read === 0) break;
      end += read;
    }
    bytes.write(WRAPPER_END, end, "latin1");
    const wrapped = bytes.subarray(0, end + WRAPPER_END.length);
    if (isAscii(wrapped)) return wrapped.toString("latin1");
    const text = bytes
      .subarray(WRAPPER_START.length, end)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return `${WRAPPER_START}${text}${WRAPPER_END}`;
  } finally {
    closeSync(fd);
  }
}

/** The most bytes a code cache may hold: far above what TypeScript's is, so only a planted file meets it. */
const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;
const SEAL = "cws-docgen V8 code cache 1";

/**
 * The cache file is an HMAC of V8's data under this user's secret (core/private-files.ts), then
 * the data: V8 checks the data's length, its version and flags, but not its bytes (a test flips
 * bits in a cache and V8 takes it), and code it takes runs. So a file is given to V8 only when it
 * is a regular file of this user's, in a folder no one else can write, sealed for this very cache
 * file's name (which covers the module's path, size, times and inode) by this user.
 */
function readCodeCache(cacheFile: string): Buffer | undefined {
  const key = userSecret();
  if (key === undefined || folderRefusal(dirname(cacheFile)) !== undefined) return undefined;
  const bytes = readPrivateFile(cacheFile, MAX_CODE_CACHE_BYTES);
  if (bytes === undefined || bytes.length <= 32) return undefined;
  const data = bytes.subarray(32);
  return sealed(key, [SEAL, basename(cacheFile), data], bytes.subarray(0, 32)) ? data : undefined;
}

function writeCodeCache(cacheFile: string, script: Script): void {
  const key = userSecret();
  if (key === undefined || privateFolder(dirname(cacheFile)) !== undefined) return;
  try {
    const data = script.createCachedData();
    writePrivateFile(cacheFile, Buffer.concat([seal(key, [SEAL, basename(cacheFile), data]), data]));
  } catch {
    // A cache that cannot be written is a load that is not faster next time; nothing else.
    return;
  }
  pruneCodeCaches(cacheFile);
}

/** How many code caches of one module (its installs, Node versions) the folder keeps: the most recently written. */
export const KEPT_CODE_CACHES = 4;

/**
 * Every install of TypeScript (an `npm ci` makes a new file) has a cache of its own, 2.6 MB: after
 * writing one, the folder keeps the module's KEPT_CODE_CACHES most recently written and deletes the
 * others (and temporary files over an hour old, left by a writer that was killed), so that it does
 * not grow with every install, while a few projects on one machine keep theirs.
 */
function pruneCodeCaches(cacheFile: string): void {
  try {
    const dir = dirname(cacheFile);
    const prefix = basename(cacheFile).replace(/-[0-9a-f]{32}\.bin$/, "-");
    const caches = readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && /^[0-9a-f]{32}\.bin(\.tmp-[0-9a-f]{16})?$/.test(name.slice(prefix.length)))
      .map((name) => ({ path: join(dir, name), mtimeMs: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    const done = caches.filter((c) => c.path.endsWith(".bin"));
    const stale = [
      ...done.slice(KEPT_CODE_CACHES),
      ...caches.filter((c) => !c.path.endsWith(".bin") && Date.now() - c.mtimeMs > 3_600_000),
    ];
    for (const c of stale) rmSync(c.path, { force: true });
  } catch {
    // Pruning is housekeeping: a folder that cannot be listed keeps what it has.
  }
}
