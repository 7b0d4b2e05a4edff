/**
 * Stage 9, emit validator: a runtime validator for the root type, compiled at
 * build time with Ajv's standalone code generation, so that a consumer never
 * compiles a schema at run time.
 *
 * The schema goes to Ajv bundled (one document, every `$ref` internal, so cycles
 * are fine), with the Ajv class of its draft (04 with ajv-draft-04, 06/07,
 * 2019-09, 2020-12) and every ajv-formats format checked. The output is one ES
 * module of TypeScript next to the types: Ajv's code (its own CommonJS
 * `require`s turned into imports), then typed exports: `validate` (Ajv's
 * function, a type guard for the root type) and `schema` (the bundled schema as
 * data). Same schema, same bytes.
 *
 * Linear in the schema: one function per definition (`inlineRefs: false`; Ajv's
 * default copies a definition into every place that refers to it, which grows with
 * the depth of the references). Ajv's code is then made shorter, keeping its
 * meaning: each error it adds is one call of a helper (compactErrors), and the
 * copies of the schema it writes as data keep only what its code reads
 * (prunedSchemas). The verify stage checks the result.
 */
import { dirname, relative, resolve, sep } from "node:path";
import type { ResolvedSchema } from "./02-dereference.js";
import { DocgenError, type Problem } from "../core/problems.js";
import { draftOf as declaredDraft, KNOWN_DRAFTS_HINT, META_URIS, rootDraftOf, type Draft } from "../core/drafts.js";
import { INVISIBLE, uEscape } from "../core/invisible.js";
import { commentLine, identifier, stringLiteral } from "../core/js-escape.js";
import { shortenEnums } from "../core/long-enums.js";
import { isObject, safeDecode, walkSchemas } from "../core/schema-walk.js";
import { ajvFor } from "../core/ajv.js";
import { commonJsExports } from "../core/commonjs.js";
import type { Options } from "ajv";

export interface EmitValidatorOptions {
  /** Name of the root type, as the types module exports it. */
  rootName: string;
  /** Where the types are written: the validator imports the root type from there. */
  typesFile: string;
  /** Where the validator will be written (relative imports and the banner are computed from it). */
  validatorFile: string;
}

export { defaultValidatorFile } from "../config/config.js";

/** Keywords that only annotate: left out of what Ajv compiles (it copies some schema objects into its code). */
const ANNOTATIONS = ["title", "description", "$comment", "examples"];

/** Deep equality of JSON values: own enumerable keys, no method of the data called. */
const EQUAL_HELPER = [
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
const ERROR_HELPER = [
  "/** One of Ajv's error objects, appended to the errors so far (null when there is none yet). */",
  "function cwsDocgenError(instancePath, schemaPath, keyword, params, message, errors) {",
  "  const error = { instancePath, schemaPath, keyword, params, message };",
  "  if (errors === null) return [error];",
  "  errors.push(error);",
  "  return errors;",
  "}",
];

const CJS_HELPER = [
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
const FAIL_HELPER = [
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
const CONCAT_HELPER = [
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

/** The imported name Ajv's code uses for ajv-formats' formats. */
const FORMATS_NAME = "cwsDocgenFormats";

export async function emitValidator(resolved: ResolvedSchema, options: EmitValidatorOptions): Promise<string> {
  const schemaFile = resolved.root.file;
  if (!/\.m?ts$/.test(options.validatorFile)) {
    throw new DocgenError({
      file: options.validatorFile,
      message: "the validator is a TypeScript module, so its file name must end in .ts or .mts",
      hint: 'name it like "generated/backend-event.validator.ts" (in the config\'s "validator", or with --validator-out)',
    });
  }
  const bundled = await resolved.bundled();
  if (!isObject(bundled)) {
    throw new DocgenError({
      file: schemaFile,
      message: "the schema is not an object, so no validator can be compiled from it",
      hint: 'the root of the schema must be a JSON object ({"type": "object", ...})',
    });
  }
  const draft = draftOf(bundled, schemaFile);
  const { ajv, unknownFormats } = await newAjv(draft);
  const compiled = withoutAnnotations(bundled);
  // Ajv knows each meta-schema by one URI: whichever spelling the schema uses, it gets that one.
  if (typeof compiled.$schema === "string" && compiled.$schema.replace(/#$/, "") !== META_URIS[draft]) compiled.$schema = META_URIS[draft];
  // A schema Ajv's meta-schema rejects would compile to a validator that does not mean what it says.
  if (!ajv.validateSchema(shortenEnums(compiled).schema as object)) {
    throw new DocgenError(
      (ajv.errors ?? []).map(
        (e): Problem => ({
          file: schemaFile,
          pointer: e.instancePath,
          message: `the validator cannot be compiled: the schema ${e.message ?? "is invalid"} (${draft} meta-schema)`,
          hint: "fix the schema at that place; nothing was written",
        }),
      ),
    );
  }
  let code: string;
  try {
    // CommonJS modules: their `default` export is the module object, whose `default` is the function.
    const standaloneCode = (await import("ajv/dist/standalone/index.js")).default.default;
    code = standaloneCode(ajv, ajv.compile(compiled));
  } catch (err) {
    throw new DocgenError({
      file: schemaFile,
      message: `Ajv cannot compile the schema into a validator: ${(err as Error).message.split("\n")[0]}`,
      hint: "nothing was written; fix the schema at the place Ajv names",
    });
  }
  const problems = unknownFormats.map(
    (f): Problem => ({
      file: schemaFile,
      pointer: f.pointer,
      message: `unknown format ${JSON.stringify(f.format)}: the validator could not check it`,
      hint: `use a format ajv-formats knows (date-time, date, time, email, hostname, ipv4, ipv6, uri, uuid, regex, …)`,
    }),
  );
  if (problems.length > 0) throw new DocgenError(problems);
  return moduleText(code, bundled, draft, { ...options, schemaFile });
}

/** The draft the validate stage read the schema in (a `$schema` it does not know never gets this far). */
function draftOf(schema: Record<string, unknown>, file: string): Draft {
  if (schema.$schema !== undefined && declaredDraft(schema.$schema) === undefined) {
    throw new DocgenError({
      file,
      pointer: "/$schema",
      message: `unsupported $schema ${JSON.stringify(schema.$schema)}: no validator can be compiled for it`,
      hint: KNOWN_DRAFTS_HINT,
    });
  }
  return rootDraftOf(schema);
}

type AnyAjv = import("ajv").default;

/** An Ajv instance for the draft, with every ajv-formats format, set to emit standalone ES module code. */
async function newAjv(draft: Draft): Promise<{ ajv: AnyAjv; unknownFormats: { format: string; pointer: string }[] }> {
  const { Name } = commonJsExports(await import("ajv"));
  const unknownFormats: { format: string; pointer: string }[] = [];
  const options: Options = {
    allErrors: true,
    // Checked against the meta-schema just before compiling, with long enums cut short (see long-enums.ts).
    validateSchema: false,
    // Schemas carry annotations and vendor keywords; formats, though, must all be known (see the logger).
    strict: false,
    // A property the schema names is checked when the data has it as its own: `{}` has no "constructor" or "toString".
    ownProperties: true,
    // One function per definition, called where it is referred to: the code grows with the schema, not with the depth of its references.
    inlineRefs: false,
    code: { source: true, esm: true, lines: true, formats: new Name(FORMATS_NAME) },
    logger: {
      log: () => undefined,
      error: () => undefined,
      warn: (...args: unknown[]) => {
        const m = /^unknown format "(.*)" ignored in schema at path "#(.*)"$/.exec(String(args[0]));
        // Ajv names the schema that holds the format (and may warn twice).
        const pointer = m ? `${safeDecode(m[2]!)}/format` : "";
        if (m && !unknownFormats.some((f) => f.pointer === pointer)) unknownFormats.push({ format: m[1]!, pointer });
      },
    },
  };
  const ajv = await ajvFor(draft, options);
  const addFormats = (await import("ajv-formats")).default.default;
  addFormats(ajv);
  return { ajv, unknownFormats };
}

/**
 * A copy of the schema without annotation keywords, nested `$schema`s and the root's `$id` and `id`
 * (a property called "description" stays: it is a name). Ajv writes a schema's id into its code, in a
 * `/*# sourceURL=… *​/` comment that the id could close; every `$ref` is local by now, so the root's
 * id changes nothing Ajv resolves. (Nested ids are the validate stage's to refuse, the verify stage's to catch.)
 */
function withoutAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(schema);
  delete copy.$id;
  delete copy.id;
  walkSchemas(copy, ({ schema: s, path }) => {
    for (const key of ANNOTATIONS) delete s[key];
    // A `$schema` below the root, with no `$id` to make it a resource of its own, means nothing (CWS's generator writes one in many properties).
    if (path.length > 0 && !("$id" in s)) delete s.$schema;
  });
  return copy;
}

/** The ES module: banner, imports, Ajv's code, typed exports. */
function moduleText(
  ajvCode: string,
  schema: Record<string, unknown>,
  draft: Draft,
  o: EmitValidatorOptions & { schemaFile: string },
): string {
  // Ajv writes schema objects (const, enum, default values among them) as JSON: a key "__proto__" there would set the prototype.
  const compacted = compactErrors(ajvCode.replace(/^"use strict";\n/, ""));
  let code = ownProtoKeys(prunedSchemas(compacted.code));
  const exported = /^export const validate = (\w+);\nexport default \1;\n/.exec(code);
  if (!exported) throw new Error("Ajv's standalone code does not start with its exports as expected");
  const fn = exported[1]!;
  code = withoutDeadResets(code.slice(exported[0].length), fn);

  // Ajv writes its runtime helpers as CommonJS requires; an ES module imports them.
  const imports: string[] = [];
  const helpers: string[] = [];
  if (new RegExp(`\\b${FORMATS_NAME}\\b`).test(code))
    imports.push(`import { fullFormats as ${FORMATS_NAME} } from "ajv-formats/dist/formats.js";`);
  // Ajv compares const, enum and uniqueItems values with fast-deep-equal, which trusts the data's own
  // keys: `{"toString": 1}` makes it throw, a "constructor" key makes equal values unequal. Events are
  // JSON: they are compared as JSON, own keys only (cwsDocgenEqual).
  let equal = false;
  code = code.replace(/\brequire\("ajv\/dist\/runtime\/equal"\)\.default\b/g, () => {
    equal = true;
    return "cwsDocgenEqual";
  });
  if (equal) helpers.push("", ...EQUAL_HELPER);
  const required = new Map<string, string>();
  code = code.replace(/\brequire\("([^"]+)"\)/g, (_, spec: string) => {
    let name = required.get(spec);
    if (!name) {
      name = `cwsDocgenRequire${required.size}`;
      required.set(spec, name);
      imports.push(`import * as ${name} from ${stringLiteral(spec.endsWith(".js") ? spec : `${spec}.js`)};`);
    }
    return `cwsDocgenCjs(${name})`;
  });
  if (/\brequire\(/.test(code)) throw new Error("Ajv's standalone code has a require() that could not be turned into an import");
  if (required.size > 0) {
    helpers.push("", ...CJS_HELPER);
  }
  if (compacted.error) helpers.push("", ...ERROR_HELPER);
  if (compacted.fail) helpers.push("", ...FAIL_HELPER);
  if (compacted.concat) helpers.push("", ...CONCAT_HELPER);

  const typesImport = importPath(o.validatorFile, o.typesFile);
  const root = identifier(o.rootName);
  const text = [
    "/* eslint-disable */",
    "// @ts-nocheck -- Ajv's generated JavaScript; the exports at the end are typed.",
    "/**",
    ` * Generated by cws-docgen from ${commentLine(relPath(o.validatorFile, o.schemaFile))} (JSON Schema ${draft}), with Ajv's standalone code.`,
    ` * Validates a ${root}; every format is checked (ajv-formats). All errors are reported.`,
    " * Do not edit this file by hand: change the schema, then run `npm run generate`.",
    " */",
    ...imports,
    `import type { ${root} } from ${stringLiteral(typesImport)};`,
    ...helpers,
    "",
    code.trimEnd(),
    "",
    "/** One error as Ajv reports it: `instancePath` is the JSON pointer of the offending value. */",
    "export interface AjvError {",
    "  instancePath: string;",
    "  schemaPath: string;",
    "  keyword: string;",
    "  params: Record<string, any>;",
    "  message?: string;",
    "  propertyName?: string;",
    "}",
    "",
    `/** Ajv's validator: true when \`data\` is a valid ${root}; after a false, \`validate.errors\` lists every error. */`,
    "export interface Validate {",
    `  (data: unknown): data is ${root};`,
    "  errors?: AjvError[] | null;",
    "}",
    "",
    `export const validate: Validate = ${fn};`,
    "",
    "/** The schema the validator was compiled from, as one document. */",
    `export const schema = ${objectLiteral(schema)} as const;`,
    "",
  ].join("\n");
  // Outside string literals the module is ASCII: invisible characters can only be in strings, where `\uXXXX` means the same.
  return text.replace(INVISIBLE, uEscape);
}

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
function compactErrors(code: string): { code: string; error: boolean; fail: boolean; concat: boolean } {
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
function withoutDeadResets(code: string, root: string): string {
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
function prunedSchemas(code: string): string {
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
function ownProtoKeys(code: string): string {
  return code.replace(/([{,])"__proto__":/g, '$1["__proto__"]:');
}

/**
 * JSON as a JavaScript object literal with the same own properties, on one line: a key
 * "__proto__" is written computed, or the literal would set the prototype instead (see ownProtoKeys).
 */
function objectLiteral(value: unknown): string {
  return ownProtoKeys(JSON.stringify(value));
}

/** The specifier the validator imports the types by: relative, with the extension Node resolves at run time. */
function importPath(from: string, to: string): string {
  let rel = relPath(from, to)
    .replace(/(\.d)?\.ts$/, ".js")
    .replace(/(\.d)?\.mts$/, ".mjs")
    .replace(/(\.d)?\.cts$/, ".cjs");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

function relPath(from: string, to: string): string {
  return relative(dirname(resolve(from)), resolve(to))
    .split(sep)
    .join("/");
}
