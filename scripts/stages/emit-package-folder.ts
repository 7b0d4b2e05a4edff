/**
 * The events package's folder belongs to the package: it holds the files stage 10 writes
 * (`PACKAGE_FILES`) and nothing else. Any other entry — a `binding.gyp` (npm runs node-gyp on
 * install when one is there), an `.npmrc`, a `node_modules`, a second README — would be installed
 * with the package, and `check` compares only the files it writes: so `generate` and `check` both
 * refuse to run (exit 2, nothing written) while one is there, before anything is built.
 */
import { readdir } from "node:fs/promises";
import { displayPath, describeFsError, temporaryOf } from "../core/files.js";
import { stringLiteral } from "../core/js-escape.js";
import type { Problem } from "../core/problems.js";

/** The files of an events package, in the order they are emitted. */
export const PACKAGE_FILES = [
  "package.json",
  "README.md",
  "index.js",
  "index.d.ts",
  "types.d.ts",
  "validator.js",
  "validator.d.ts",
  "validation.js",
  "validation.d.ts",
  "schema.json",
] as const;

const OWN = new Set<string>(PACKAGE_FILES);

/** The most foreign entries one message names. */
const NAMED = 10;

/** A problem when the package folder `dir` holds an entry cws-docgen does not write, or cannot be listed; none when it does not exist yet. */
export async function packageFolderProblem(dir: string): Promise<Problem | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return {
      file: displayPath(dir),
      message: `cannot list the events package's folder: ${describeFsError(err)}`,
      hint: 'give the page\'s "package" a "dir" that is a folder of its own, or one that does not exist yet; nothing was written',
    };
  }
  // What a killed run leaves beside an output (the write stage's temporary files), which the next write removes, is no stranger.
  const foreign = names.filter((n) => !OWN.has(n) && !OWN.has(temporaryOf(n)?.output ?? "")).sort();
  if (foreign.length === 0) return undefined;
  const shown =
    foreign.slice(0, NAMED).map(stringLiteral).join(", ") + (foreign.length > NAMED ? ` and ${foreign.length - NAMED} more` : "");
  return {
    file: displayPath(dir),
    message: `the events package's folder holds ${shown}, which cws-docgen does not write: npm would install ${foreign.length === 1 ? "it" : "them"} with the package, and no check covers ${foreign.length === 1 ? "it" : "them"}`,
    hint: `remove ${foreign.length === 1 ? "it" : "them"}, or choose another "package" "dir" in the config (the folder is the package's alone); nothing was written`,
  };
}
