/**
 * The folder of this package (where package.json and templates/ are): the
 * nearest folder above this module that holds a package.json, whether it runs
 * from the TypeScript sources (scripts/core/) or from the bundle (dist/, dist/dev/).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cws-docgen: no package.json above its own code");
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();

/** The folder of the built-in templates, and the default page template. */
export const BUILTIN_TEMPLATES = resolve(PACKAGE_ROOT, "templates");
export const DEFAULT_TEMPLATE = resolve(BUILTIN_TEMPLATES, "backend.md.hbs");
