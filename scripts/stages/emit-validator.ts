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
import type { ResolvedSchema } from "./dereference.js";
import { DocgenError, type Problem } from "../core/problems.js";
import { draftOf as declaredDraft, KNOWN_DRAFTS_HINT, META_URIS, rootDraftOf, type Draft } from "../core/drafts.js";
import { INVISIBLE, uEscape } from "../core/invisible.js";
import { commentLine, identifier, stringLiteral } from "../core/js-escape.js";
import { shortenEnums } from "../core/long-enums.js";
import { isObject, safeDecode, walkSchemas } from "../core/schema-walk.js";
import { ajvFor } from "../core/ajv.js";
import { commonJsExports } from "../core/commonjs.js";
import type { Options } from "ajv";
import { compactErrors, objectLiteral, ownProtoKeys, prunedSchemas, withoutDeadResets } from "./emit-validator/compact.js";
import { CJS_HELPER, CONCAT_HELPER, EQUAL_HELPER, ERROR_HELPER, FAIL_HELPER } from "./emit-validator/helpers.js";

export { HELPERS } from "./emit-validator/helpers.js";

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
