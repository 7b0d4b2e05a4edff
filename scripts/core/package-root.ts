/** The folder of this package (where package.json and templates/ are), from `scripts/` or from `dist/scripts/`. */
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url)); // …/scripts/lib or …/dist/scripts/lib
const scriptsDir = dirname(here);
export const PACKAGE_ROOT = basename(dirname(scriptsDir)) === "dist" ? resolve(scriptsDir, "../..") : resolve(scriptsDir, "..");

/** The folder of the built-in templates, and the default page template. */
export const BUILTIN_TEMPLATES = resolve(PACKAGE_ROOT, "templates");
export const DEFAULT_TEMPLATE = resolve(BUILTIN_TEMPLATES, "backend.md.hbs");
