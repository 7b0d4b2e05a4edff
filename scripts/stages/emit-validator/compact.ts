/**
 * Ajv's standalone code made shorter, keeping its meaning: each error it adds becomes one call of a
 * helper (compactErrors), the copies of the schema it writes as data keep only what its code reads
 * (prunedSchemas), resets that nothing reads go (withoutDeadResets), and a `__proto__` key stays an own
 * property (ownProtoKeys, objectLiteral). Each works on the text Ajv writes; the verify stage checks the
 * final module.
 */
import { isObject } from "../../core/schema-walk.js";

/** How Ajv's code adds an error (compile/errors.ts, addError), with its allErrors option: one statement a line. */
const ERROR_PUSH =
  /^const (err\d+) = (\{.*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;$/gm;

/** The keys of Ajv's error objects, in the order Ajv writes them (no `verbose`, no `propertyName`): cwsDocgenError's parameters. */
const ERROR_KEYS = ["instancePath", "schemaPath", "keyword", "params", "message"];

/**
 * Ajv's code with each error it adds written as one call of cwsDocgenError, whose parameters are
 * the error object's keys: `vErrors = cwsDocgenError(<instancePath>, <schemaPath>, …, vErrors);`.
 * The values are Ajv's expressions, evaluated in the same order, before `vErrors` as before. An
 * error object of another shape (or one not split with certainty) stays as Ajv wrote it. And the
 * errors of a function called for a `$ref` are joined to the others by cwsDocgenConcat.
 */
export function compactErrors(code: string): { code: string; error: boolean; fail: boolean; concat: boolean } {
  let error = false;
  let fail = false;
  const compacted = code.replace(ERROR_PUSH, (whole, _name: string, object: string) => {
    const values = objectValues(object, ERROR_KEYS);
    if (!values) return whole;
    error = true;
    const [instancePath, schemaPath, keyword, params, message] = values as [string, string, string, string, string];
    if (isFailure(schemaPath, keyword, params, message)) {
      fail = true;
      return `vErrors = cwsDocgenFail(${instancePath}, ${schemaPath}, ${params}, vErrors);\nerrors++;`;
    }
    return `vErrors = cwsDocgenError(${values.join(", ")}, vErrors);\nerrors++;`;
  });
  let concat = false;
  // Ajv's ref keyword (vocabularies/core/ref.ts, addErrorsFrom): the same reads, in the same order.
  const joined = compacted.replace(
    /^vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);$/gm,
    (_, fn: string) => {
      concat = true;
      return `vErrors = cwsDocgenConcat(vErrors, ${fn}.errors);`;
    },
  );
  return { code: joined, error, fail, concat };
}

/**
 * The values of an object literal Ajv wrote (`{instancePath,schemaPath:"…",keyword:"type",params:{…},message:"…"}`)
 * when its keys are exactly `keys`, in order (the first may be shorthand), else undefined.
 */
function objectValues(object: string, keys: readonly string[]): string[] | undefined {
  if (!object.startsWith("{") || !object.endsWith("}")) return undefined;
  const parts = topLevel(object.slice(1, -1));
  if (parts?.length !== keys.length) return undefined;
  const values: string[] = [];
  for (let k = 0; k < keys.length; k++) {
    const part = parts[k]!;
    const key = keys[k]!;
    if (k === 0 && part === key) values.push(key);
    else if (part.startsWith(`${key}:`) && part.length > key.length + 1) values.push(part.slice(key.length + 1));
    else return undefined;
  }
  return values;
}

/**
 * Code Ajv wrote split at its top-level commas, or undefined when brackets do not pair up or when
 * anything could hide a comma or a bracket but a JSON string (Ajv writes strings with JSON.stringify):
 * a regular expression, a template, a single-quoted string, a comment.
 */
function topLevel(code: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) if (code[i] === "\\") i++;
      if (i >= code.length) return undefined;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth < 0) return undefined;
    } else if (c === "/" || c === "`" || c === "'") return undefined;
    else if (c === "," && depth === 0) {
      parts.push(code.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(code.slice(start));
  return parts;
}

/** A JSON string literal's value, or undefined when `code` is not one. */
function stringValue(code: string): string | undefined {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(code)) return undefined;
  try {
    return JSON.parse(code) as string;
  } catch {
    return undefined;
  }
}

/** The param each keyword cwsDocgenFail stands for has (Ajv writes `{name: value}`). */
const FAIL_PARAMS: Readonly<Record<string, string>> = {
  type: "type",
  required: "missingProperty",
  format: "format",
  additionalProperties: "additionalProperty",
};

/**
 * Whether cwsDocgenFail makes this very error: a keyword of FAIL_PARAMS, a literal schema path that
 * ends with it, params `{<its param>: X}`, and the message Ajv writes for X (for type, X a literal).
 */
function isFailure(schemaPath: string, keywordCode: string, params: string, message: string): boolean {
  const keyword = stringValue(keywordCode);
  const path = stringValue(schemaPath);
  if (keyword === undefined || path === undefined || !Object.hasOwn(FAIL_PARAMS, keyword) || !path.endsWith(`/${keyword}`)) return false;
  const head = `{${FAIL_PARAMS[keyword]}: `;
  if (!params.startsWith(head) || !params.endsWith("}")) return false;
  const x = params.slice(head.length, -1);
  // X is one expression: no top-level comma.
  if (x === "" || topLevel(x)?.length !== 1) return false;
  switch (keyword) {
    case "type": {
      const type = stringValue(x);
      return type !== undefined && stringValue(message) === `must be ${type}`;
    }
    case "required":
      return message === `"must have required property '"+${x}+"'"`;
    case "format":
      return message === `"must match format \\""+${x}+"\\""`;
    default:
      return message === '"must NOT have additional properties"';
  }
}

/**
 * Ajv's code without the reset a function of a 2019-09 or 2020-12 schema starts with
 * (`if(evaluatedK.dynamicProps){…}if(evaluatedK.dynamicItems){…}`, compile/validate/index.ts,
 * resetEvaluated) where the same code sets both flags false once and for all
 * (`validateN.evaluated = {…,"dynamicProps":false,"dynamicItems":false};`): neither branch can run.
 * The exported function (`root`) keeps it, as its `evaluated` is the consumer's to reach.
 */
export function withoutDeadResets(code: string, root: string): string {
  const fixed = new Set<string>();
  for (const m of code.matchAll(/^(validate\d+)\.evaluated = (\{.*\});$/gm)) {
    try {
      const evaluated = JSON.parse(m[2]!) as Record<string, unknown>;
      if (evaluated.dynamicProps === false && evaluated.dynamicItems === false && m[1] !== root) fixed.add(m[1]!);
    } catch {
      // not JSON: kept
    }
  }
  // One assignment per function, or none is trusted.
  const counts = new Map<string, number>();
  for (const m of code.matchAll(/\b(validate\d+)\.evaluated = /g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return code.replace(
    /^(const (evaluated\d+) = (validate\d+)\.evaluated;\n)if\(\2\.dynamicProps\)\{\n\2\.props = undefined;\n\}\nif\(\2\.dynamicItems\)\{\n\2\.items = undefined;\n\}\n/gm,
    (whole, head: string, _k: string, fn: string) => (fixed.has(fn) && counts.get(fn) === 1 ? head : whole),
  );
}

/**
 * Ajv's `const schemaN = <JSON>;` lines, each cut down to what the code reads of it. Ajv writes the
 * schema of every validating function (the root's holds every definition), read or not. A const
 * declared and never named again is left out. Of the others, what the code reads with this module's
 * options is mostly `func.call(schemaN.properties, key)`: whether an object with more than 8
 * properties declares a key (hasOwnProperty). When that is every use of a const, it becomes
 * `{"properties":{"<key>":0,…}}`: the same own keys, nothing else. Any other use (or the name
 * anywhere else, even in a string) keeps the const whole.
 */
export function prunedSchemas(code: string): string {
  const has = /^const (func\d+) = Object\.prototype\.hasOwnProperty;$/m.exec(code)?.[1];
  const declared = /^const (schema\d+) = \{.*\};$/gm;
  const names = new Set<string>();
  for (const m of code.matchAll(declared)) names.add(m[1]!);
  const counts = new Map<string, { all: number; keys: number }>();
  const before = `${has ?? ""}.call(`;
  for (const m of code.matchAll(/\bschema\d+\b/g)) {
    const name = m[0];
    if (!names.has(name)) continue;
    const c = counts.get(name) ?? { all: 0, keys: 0 };
    c.all++;
    const i = m.index;
    if (has && code.startsWith(before, i - before.length) && code.startsWith(".properties, ", i + name.length)) c.keys++;
    counts.set(name, c);
  }
  return code.replace(/^const (schema\d+) = \{.*\};\n/gm, (line, name: string) => {
    const c = counts.get(name);
    // One occurrence is the declaration itself: a const nothing reads is left out.
    if (c?.all === 1) return "";
    if (!c || c.keys === 0 || c.all !== c.keys + 1) return line;
    let schema: unknown;
    try {
      schema = JSON.parse(line.slice(`const ${name} = `.length, -2));
    } catch {
      return line;
    }
    if (!isObject(schema) || !isObject(schema.properties)) return line;
    const keys: Record<string, number> = {};
    for (const key of Object.keys(schema.properties))
      Object.defineProperty(keys, key, { value: 0, enumerable: true, writable: true, configurable: true });
    return `const ${name} = ${JSON.stringify({ properties: keys })};\n`;
  });
}

/**
 * Ajv's code with every `"__proto__":` key of an object literal written `["__proto__"]:`, an own
 * property. Ajv writes strings as JSON, so a `"` inside one is always `\"`: a `{` or `,` followed by
 * `"__proto__":` is never inside a string. (The verify stage checks the final file.)
 */
export function ownProtoKeys(code: string): string {
  return code.replace(/([{,])"__proto__":/g, '$1["__proto__"]:');
}

/**
 * JSON as a JavaScript object literal with the same own properties, on one line: a key
 * "__proto__" is written computed, or the literal would set the prototype instead (see ownProtoKeys).
 */
export function objectLiteral(value: unknown): string {
  return ownProtoKeys(JSON.stringify(value));
}
