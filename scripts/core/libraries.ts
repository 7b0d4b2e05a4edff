/**
 * What cws-docgen reads from node_modules at run time, outside its bundle: TypeScript and Prettier
 * (left out of the bundle), Ajv's runtime helpers and meta-schemas (which the precompiled
 * validators require and the events package copies) and ajv-formats' code (which the events
 * package copies). Everything else it runs is in the bundle, whose hash the build cache's key
 * already takes. `test/unit/core/libraries.test.ts` finds every library that the sources require or resolve
 * at run time, and every external of the build, and fails unless it is covered here; `libraryFile`
 * refuses a file outside these.
 */
import { existsSync, lstatSync, readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { dirname, join, relative, sep } from "node:path";
import { PACKAGE_ROOT } from "./package-root.js";

/** Packages, or files and folders inside them, read at run time. */
const RUN_TIME_LIBRARIES = [
  "typescript/lib/typescript.js",
  "prettier",
  "ajv/dist/runtime",
  "ajv/dist/refs",
  "ajv-formats/dist/formats.js",
] as const;

/** The path of a library's file as Node resolves `spec` from this package; an Error when RUN_TIME_LIBRARIES does not cover it. */
export function libraryFile(spec: string): string {
  const file = realpathSync(createRequire(import.meta.url).resolve(spec));
  const covered = RUN_TIME_LIBRARIES.some((entry) => {
    const path = libraryPath(entry);
    if (path === undefined) return false;
    const rel = relative(path, file);
    return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep));
  });
  if (!covered) throw new Error(`${spec} is read at run time but RUN_TIME_LIBRARIES (core/libraries.ts) does not cover it`);
  return file;
}

/**
 * Where an entry of RUN_TIME_LIBRARIES is, found as Node finds packages (node_modules folders from
 * this package up), as a real path: Node resolves a linked package (pnpm's, a test's) to its real path.
 */
function libraryPath(entry: string): string | undefined {
  const parts = entry.split("/");
  const name = parts[0]!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    const folder = join(dir, "node_modules", name);
    if (existsSync(join(folder, "package.json"))) {
      try {
        return realpathSync(join(folder, entry.slice(name.length)));
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

let signature: string | undefined;

/**
 * A signature of every file RUN_TIME_LIBRARIES covers: its path, size, modification and change
 * times, inode. An edit to any (`patch-package`, a new version) changes its change time, which no
 * process can set back, so the signature changes with every byte; stats, not reads (TypeScript alone
 * is megabytes).
 */
export function librariesSignature(): string {
  if (signature !== undefined) return signature;
  const hash = createHash("sha256");
  for (const entry of RUN_TIME_LIBRARIES) {
    const path = libraryPath(entry);
    hash.update(`${entry}\0${path ?? "-"}\n`);
    if (path === undefined) continue;
    const info = lstatSync(path, { throwIfNoEntry: false });
    const files = info?.isDirectory() ? (readdirSync(path, { recursive: true }) as string[]).sort().map((f) => join(path, f)) : [path];
    for (const file of files) {
      const s = lstatSync(file, { throwIfNoEntry: false });
      hash.update(`${relative(path, file)}\0${s ? `${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}` : "-"}\n`);
    }
  }
  signature = hash.digest("hex");
  return signature;
}
