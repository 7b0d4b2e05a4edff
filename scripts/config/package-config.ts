/// <reference path="./validate-npm-package-name.d.ts" />
/**
 * A page's `package` (stages/emit-package.ts), past what the config's shape says:
 * - its name, by npm's own rules (validate-npm-package-name: `validForNewPackages`, so no
 *   capital letters, no `node_modules`, nothing past 214 characters), no leading `-` (`npm install -x`
 *   reads an option), and no name of Node's core modules, with or without `node:` (an app's
 *   `import "events"` gets Node's module, not the package);
 * - its folder, one of its own: not the folder of the config, nor the project's root (the folder
 *   of the package.json nearest the config or the cwd, whose package.json and README the package
 *   would replace), nor a folder above one of them.
 * What the folder holds is checked before each run (stages/emit-package-folder.ts).
 */
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import validateName from "validate-npm-package-name";
import { isInside } from "../core/files.js";
import { stringLiteral } from "../core/js-escape.js";
import { printable } from "../core/problems.js";
import { getAtPointer } from "../core/schema-walk.js";

/**
 * A package.json field the config's shape refused by its pattern, said in words (the pattern
 * itself is no message): `e` is Ajv's error, `config` the config's value; undefined for any other pattern.
 */
export function packageFieldPatternProblem(
  e: { schemaPath: string; instancePath: string; propertyName?: string },
  config: unknown,
): { message: string; hint: string } | undefined {
  const field =
    /\/properties\/package\/properties\/(\w+)\/(?:properties\/(\w+)\/|items\/|additionalProperties\/|propertyNames\/)?pattern$/.exec(
      e.schemaPath,
    );
  if (!field) return undefined;
  const [, key, sub] = field;
  const isName = e.schemaPath.includes("/propertyNames/");
  const where = e.instancePath.split("/").slice(4).join("/");
  const shown = printable(JSON.stringify(isName ? e.propertyName : getAtPointer(config, e.instancePath)));
  const say = (what: string, hint: string) => ({ message: `the package's ${where} ${isName ? "name " : ""}${shown} ${what}`, hint });
  if (key === "repository")
    return say(
      "is not a plain http(s), git or ssh URL",
      'write it like "git+https://github.com/team/events.git": no space, quote, bracket, parenthesis, brace, <, >, backslash or non-ASCII character (percent-encode them)',
    );
  if (key === "license")
    return say(
      "is not a licence as package.json writes one",
      'an SPDX expression such as "MIT" or "(MIT OR Apache-2.0)", "UNLICENSED" or "SEE LICENSE IN FILE": letters, digits, .+-:() and spaces',
    );
  if (key === "publishConfig" && sub === "registry") return say("is not an https URL", 'like "https://registry.npmjs.org/"');
  if (key === "publishConfig") return say("is not a dist-tag", 'a letter, then letters, digits, ".", "_" or "-", like "next"');
  if (isName) return say("is not an engine's name", 'lower case letters, digits, ".", "_" or "-", like "node"');
  return say("holds a control character or a line break", "one line of text: it goes into package.json as is");
}

/** Node's core modules, each without its `node:` prefix. */
const CORE_MODULES = new Set(builtinModules.map((m) => m.replace(/^node:/, "")));

/** Why npm, or an app that imports it, would not take `name` as the package's name; undefined when they would. */
export function packageNameProblem(name: string): string | undefined {
  const bare = name.replace(/^node:/, "");
  if (CORE_MODULES.has(bare) || CORE_MODULES.has(bare.toLowerCase()))
    return `is the name of Node's core module ${stringLiteral(bare)}: an app's import of it gets Node's module, not the package`;
  const verdict = validateName(name);
  if (!verdict.validForNewPackages) {
    const why = [...(verdict.errors ?? []), ...(verdict.warnings ?? [])].join("; ");
    return `is not a name npm takes for a new package (${why})`;
  }
  if (name.startsWith("-")) return "starts with -, which npm's command line reads as an option";
  return undefined;
}

/**
 * Why `dir` (absolute) cannot be the package's folder, or undefined: it is, or holds, the config's
 * folder or a project root (a folder with a package.json, the nearest one above the config or the cwd).
 */
export function packageDirProblem(dir: string, configDir: string, cwd = process.cwd()): string | undefined {
  const roots: [string, string][] = [[configDir, "the config's folder"]];
  // Run from inside the package's folder, the nearest package.json is the package's own.
  const fromCwd = cwd === dir || isInside(dir, cwd) ? [] : [cwd];
  for (const from of [configDir, ...fromCwd]) {
    const root = projectRoot(from);
    if (root !== undefined) roots.push([root, `the project's root (${join(root, "package.json")})`]);
  }
  const same = roots.find(([root]) => root === dir);
  if (same) return `is ${same[1]}: the package's package.json and README would replace the project's own`;
  const above = roots.find(([root]) => isInside(dir, root));
  if (above) return `holds ${above[1]}: the package's files would go among the project's own`;
  return undefined;
}

/** The nearest folder at or above `from` that holds a package.json. */
function projectRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
