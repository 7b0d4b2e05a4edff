/**
 * The helpers a generated validator may declare, as lines of its text: written once each, after Ajv's
 * code, when that code calls them (stage 9 decides which; the verify stage compares them by name).
 */

/** Deep equality of JSON values: own enumerable keys, no method of the data called. */
export const EQUAL_HELPER = [
  "/** Whether two JSON values are equal: arrays item by item, objects by their own keys, whatever those keys are called. */",
  "function cwsDocgenEqual(a, b) {",
  "  if (a === b) return true;",
  '  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;',
  "  const array = Array.isArray(a);",
  "  if (array !== Array.isArray(b)) return false;",
  "  if (array) {",
  "    if (a.length !== b.length) return false;",
  "    for (let i = 0; i < a.length; i++) if (!cwsDocgenEqual(a[i], b[i])) return false;",
  "    return true;",
  "  }",
  "  const keys = Object.keys(a);",
  "  if (keys.length !== Object.keys(b).length) return false;",
  "  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key) || !cwsDocgenEqual(a[key], b[key])) return false;",
  "  return true;",
  "}",
];

/**
 * What Ajv's code writes inline for every error (`const errN = {…}; if (vErrors === null) …`), once:
 * the same object, with the same own keys in the same order, appended to the errors so far.
 */
export const ERROR_HELPER = [
  "/** One of Ajv's error objects, appended to the errors so far (null when there is none yet). */",
  "function cwsDocgenError(instancePath, schemaPath, keyword, params, message, errors) {",
  "  const error = { instancePath, schemaPath, keyword, params, message };",
  "  if (errors === null) return [error];",
  "  errors.push(error);",
  "  return errors;",
  "}",
];

export const CJS_HELPER = [
  "/**",
  " * The module.exports of one of Ajv's CommonJS runtime modules, from its namespace: Node gives",
  " * module.exports as `default`; bundlers may give `exports.default` there, the other exports alongside.",
  " */",
  "function cwsDocgenCjs(ns) {",
  "  const d = ns.default;",
  '  return d !== null && (typeof d === "object" || typeof d === "function") && "__esModule" in d ? d : ns;',
  "}",
];

/**
 * The errors Ajv's code adds most (of the keywords type, required, additionalProperties, format),
 * with what follows from the rest left out: the keyword ends the schema path, and Ajv's message
 * is made of the keyword and the params, as Ajv makes it.
 */
export const FAIL_HELPER = [
  "/** An error of type, required, additionalProperties or format: the keyword is the schema path's last segment; the message Ajv's. */",
  "function cwsDocgenFail(instancePath, schemaPath, params, errors) {",
  '  const keyword = schemaPath.slice(schemaPath.lastIndexOf("/") + 1);',
  "  const message =",
  '    keyword === "type"',
  '      ? "must be " + params.type',
  '      : keyword === "required"',
  '        ? "must have required property \'" + params.missingProperty + "\'"',
  '        : keyword === "format"',
  "          ? 'must match format \"' + params.format + '\"'",
  '          : "must NOT have additional properties";',
  "  return cwsDocgenError(instancePath, schemaPath, keyword, params, message, errors);",
  "}",
];

/** What Ajv's code writes where a function it calls (for a `$ref`) returned errors, once. */
export const CONCAT_HELPER = [
  "/** The errors so far (null when there is none yet), then those of a function called for a $ref. */",
  "function cwsDocgenConcat(errors, more) {",
  "  return errors === null ? more : errors.concat(more);",
  "}",
];

/** The helpers the module may declare, by name, as it writes them (the verify stage compares). */
export const HELPERS: Readonly<Record<string, string>> = {
  cwsDocgenEqual: EQUAL_HELPER.slice(1).join("\n"),
  cwsDocgenError: ERROR_HELPER.slice(1).join("\n"),
  cwsDocgenFail: FAIL_HELPER.slice(1).join("\n"),
  cwsDocgenConcat: CONCAT_HELPER.slice(1).join("\n"),
  cwsDocgenCjs: CJS_HELPER.slice(4).join("\n"),
};
