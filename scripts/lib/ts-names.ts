/**
 * Type names for the emitted TypeScript: one per definition, each a valid,
 * distinct identifier that shadows no global type a consumer may use.
 */

/** Reserved words and global types a generated `export interface X` must not be called. */
const TAKEN = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield any unknown never object string number boolean symbol bigint undefined type as async await declare module namespace require global keyof readonly infer is asserts satisfies " +
    "Object Function Array String Number Boolean Symbol BigInt Date RegExp Error Map Set WeakMap WeakSet Promise Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters InstanceType Awaited Uppercase Lowercase Capitalize Uncapitalize JSON Math Intl Proxy Reflect ArrayLike PropertyKey"
  ).split(" "),
);

/**
 * ASCII only: which non-ASCII letters a TypeScript compiler accepts in an
 * identifier depends on the Unicode version it was built with (TypeScript 5.9
 * refuses letters that Node 20 accepts), and the types must compile for every
 * consumer.
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

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
  if (!IDENTIFIER.test(id)) id = "T" + id;
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
