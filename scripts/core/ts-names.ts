/**
 * Type names for the emitted TypeScript: one per definition, each a valid,
 * distinct identifier that shadows no global type a consumer may use.
 */
import { IDENTIFIER } from "./js-escape.js";
import { GLOBALS, KEYWORDS } from "./ts-globals.generated.js";

/** Reserved words and global types a generated `export interface X` must not be called. */
const TAKEN = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield any unknown never object string number boolean symbol bigint undefined type as async await declare module namespace require global keyof readonly infer is asserts satisfies " +
    "Object Function Array String Number Boolean Symbol BigInt Date RegExp Error Map Set WeakMap WeakSet Promise Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters InstanceType Awaited Uppercase Lowercase Capitalize Uncapitalize JSON Math Intl Proxy Reflect ArrayLike PropertyKey"
  ).split(" "),
);

/**
 * Names the validator module declares at its top level, besides its imports: its exports, Ajv's
 * scope names (`schema11`, `validate10`, `func0`, `formats0`, `pattern0`, `wrapper0`, …) and
 * cws-docgen's own helpers (`cwsDocgenFormats`, `cwsDocgenRequire0`, `cwsDocgenCjs`).
 */
const MODULE_NAME =
  /^(?:Validate|AjvError|(?:validate|schema|func|formats|pattern|wrapper|keyword|root|parse|serialize|Error)\d*|validate\$data\d*)$|^[Cc]ws[Dd]ocgen/;

/**
 * Why `name` cannot be the root type's name, or undefined when it can: it must be an ASCII
 * identifier that is no TypeScript keyword, no global of TypeScript's ECMAScript libs (read from
 * its lib declarations, see build-ts-globals.ts), no name typeNames would change, and no name the
 * generated modules declare themselves. The validator imports the root type by this very name.
 */
export function rootTypeProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return "is not an identifier (ASCII letters, digits, _ and $, not starting with a digit)";
  if (KEYWORDS.has(name)) return "is a TypeScript keyword";
  if (GLOBALS.has(name) || TAKEN.has(name))
    return "is a global of TypeScript's standard library (like Date, Record or Promise): the generated modules would not mean the root type by it";
  if (MODULE_NAME.test(name)) return "is a name the generated validator module declares itself";
  return undefined;
}

/** Turns a definition name into an identifier: kept when it is one, else its letters and digits (accents dropped) joined in PascalCase. */
export function toIdentifier(name: string): string {
  if (IDENTIFIER.test(name)) return name;
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .split(/[^A-Za-z0-9_$]+/)
    .filter(Boolean);
  let id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  if (id === "") id = "Definition";
  if (!IDENTIFIER.test(id)) id = `T${id}`;
  return id;
}

/**
 * One distinct identifier per name, in order. A clash with a reserved word or a
 * global gets a `Schema` suffix; a clash with an earlier name gets `_2`, `_3`, …
 */
export function typeNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let id = toIdentifier(name);
    if (TAKEN.has(id)) id += "Schema";
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id}_${n}`;
    used.add(candidate);
    return candidate;
  });
}
