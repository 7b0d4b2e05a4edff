/**
 * The exports of a CommonJS library loaded with `import()`. From node_modules, Node gives them
 * as named exports and as `default` (its `module.exports`); bundled (scripts/dev/build.mjs: esbuild,
 * the library in a chunk of its own), only as `default`. Read through this, both are the same.
 * Only for a library whose `module.exports` holds its named exports (an object, or a function with
 * them as properties, as Ajv's classes).
 */
export function commonJsExports<T>(mod: T): T {
  const d = (mod as { default?: unknown }).default;
  return (typeof d === "object" && d !== null) || typeof d === "function" ? (d as T) : mod;
}
