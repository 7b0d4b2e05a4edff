/** The folder of this package (where package.json and templates/ are), from `scripts/` or from `dist/scripts/`. */
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url)); // …/scripts/lib or …/dist/scripts/lib
const scriptsDir = dirname(here);
export const PACKAGE_ROOT = basename(dirname(scriptsDir)) === "dist" ? resolve(scriptsDir, "../..") : resolve(scriptsDir, "..");
