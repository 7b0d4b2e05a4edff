/**
 * Stage 11, verify: the proof that no
 * schema text became code. Both generated modules are parsed with the
 * TypeScript compiler, and their syntax must be exactly what the schema defines:
 *
 * - the types: only `export interface` / `export type` declarations, named as
 *   the root and the definitions are (each once); each interface of a schema with
 *   `properties` has those properties as members, no more, no fewer; anywhere
 *   else, members are only property signatures named as some schema property is
 *   and `[k: string]` index signatures; types are made only of keyword, literal,
 *   array, tuple, union, intersection and object types and references to the
 *   declared names;
 * - the validator: only the imports, declarations and exports cws-docgen writes
 *   (`validate`, `schema`, `AjvError`, `Validate`, each once, and nothing else
 *   exported; its helper functions exactly as it writes them), no comment inside Ajv's code but a `sourceURL` comment that holds a
 *   schema id whole, and no object literal whose `__proto__` key sets a prototype.
 *
 * - the events package (when the page has one): no file holds a raw invisible character
 *   (core/invisible.ts: bidirectional controls, U+2028, …); every `.js` and `.d.ts` parses, imports
 *   and exports only its own files (`./…`: nothing to install), calls no `require()` and
 *   no `import()`; every `.json` parses.
 *
 * Anything else is a bug in cws-docgen or in a library it drives: an
 * `UnsafeOutputError` ("refusing to write unsafe output", exit 3), and nothing is
 * written. One parse and one walk per file: linear in the size of the output.
 * TypeScript is loaded only for this stage and the package's (in the build's TypeScript thread,
 * verify-thread.ts, started when the page is not a cache hit), so a build-cache hit never loads it.
 */
import type TS from "typescript";
import type { ResolvedSchema } from "./dereference.js";
import { definitionSource } from "./emit-types.js";
import { stringLiteral } from "../core/js-escape.js";
import { firstInvisible, uEscape } from "../core/invisible.js";
import { isObject } from "../core/schema-walk.js";
import { typeNames } from "../core/ts-names.js";
import type { DefinitionIndex } from "./model.js";
import type { Output } from "../core/files.js";
import { loadTypeScript, saveTypeScriptCodeCache } from "../core/typescript.js";
import { UnsafeOutputError, fail, line } from "./verify/syntax.js";
import { verifyTypes } from "./verify/types.js";
import { verifyValidator } from "./verify/validator.js";

export { UnsafeOutputError };

export interface VerifyInput {
  /** Name of the root type, as emit-types and emit-validator were given it. */
  rootName: string;
  types: Output;
  validator: Output;
  /** The events package's files (stage 10), when the page has one. */
  package?: Output[];
}

/** Throws an UnsafeOutputError when the types or the validator hold anything the schema does not define. */
export async function verifyOutput(resolved: ResolvedSchema, index: DefinitionIndex, input: VerifyInput): Promise<void> {
  try {
    verifyJob(loadTypeScript(), verifyJobOf(resolved, index, input));
  } finally {
    saveTypeScriptCodeCache();
  }
}

/**
 * What verify checks, as plain data (a worker thread can be sent it): the outputs, the names the
 * types must declare, the members each interface must have, and the schema's property names and ids.
 */
export interface VerifyJob extends VerifyInput {
  /** The root type and the definitions' types, in order. */
  names: string[];
  /** For each of `names`: the keys of its schema's `properties` (none when it has no `properties` object). */
  members: string[][];
  propertyNames: string[];
  ids: string[];
}

/** The data verify needs from the schema, computed where the schema is. */
export function verifyJobOf(resolved: ResolvedSchema, index: DefinitionIndex, input: VerifyInput): VerifyJob {
  const rootValue = resolved.root.value;
  const sources = [rootValue, ...index.entries.map((_, i) => definitionSource(resolved, index, i).value)];
  const names = typeNames([input.rootName, ...index.entries.map((d) => d.name)]);
  const members = sources.map((schema) => (isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : []));
  const { propertyNames, ids } = schemaStrings(resolved);
  return { ...input, names, members, propertyNames: [...propertyNames], ids: [...ids] };
}

/** Throws an UnsafeOutputError when an output of the job holds anything the schema does not define. */
export function verifyJob(ts: typeof TS, job: VerifyJob): void {
  verifyTypes(ts, job.types, job.names, job.members, new Set(job.propertyNames));
  verifyValidator(ts, job.validator, job.rootName, new Set(job.ids));
  for (const out of job.package ?? []) verifyPackageFile(ts, out);
}

/** A file of the events package: no raw invisible character, it parses, and it needs nothing from outside the package. */
export function verifyPackageFile(ts: typeof TS, out: Output): void {
  const invisible = firstInvisible(out.content);
  if (invisible !== -1)
    fail(
      out,
      `line ${out.content.slice(0, invisible).split("\n").length}: a raw ${uEscape(out.content[invisible]!)} (an invisible or bidirectional control character), which every output writes as an escape`,
    );
  if (out.file.endsWith(".json")) {
    try {
      JSON.parse(out.content);
    } catch (err) {
      fail(out, `it is not JSON: ${(err as Error).message}`);
    }
    return;
  }
  if (!/\.(js|d\.ts)$/.test(out.file)) return;
  const kind = out.file.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(out.file, out.content, ts.ScriptTarget.ESNext, true, kind);
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) fail(out, `it does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, " ")}`);
  const visit = (node: TS.Node): void => {
    const spec =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : undefined;
    if (spec !== undefined && !/^\.\/[\w.-]+\.js$/.test(spec))
      fail(out, `line ${line(source, node)}: it imports ${stringLiteral(spec)}, which is not a file of the package`);
    if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    )
      fail(out, `line ${line(source, node)}: it loads a module at run time`);
    if (ts.isImportTypeNode(node)) fail(out, `line ${line(source, node)}: an import() type`);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * Every name the types may give a member (a superset): the names in any `properties`, and the keys
 * of objects in `const` and `enum` values (json2ts writes those as object types). And every
 * `$id`/`id` string, which Ajv may write in a comment.
 */
function schemaStrings(resolved: ResolvedSchema): { propertyNames: Set<string>; ids: Set<string> } {
  const propertyNames = new Set<string>();
  const ids = new Set<string>();
  const stack: { node: unknown; data: boolean }[] = [...resolved.files.values()].map((f) => ({ node: f.value, data: false }));
  while (stack.length > 0) {
    const { node, data } = stack.pop()!;
    if (Array.isArray(node)) {
      for (const n of node) stack.push({ node: n, data });
    } else if (isObject(node)) {
      for (const key of Object.keys(node)) {
        const value = node[key];
        if (data) propertyNames.add(key);
        if (key === "properties" && isObject(value)) for (const name of Object.keys(value)) propertyNames.add(name);
        if ((key === "$id" || key === "id") && typeof value === "string") ids.add(value);
        if (typeof value === "object" && value !== null) stack.push({ node: value, data: data || key === "const" || key === "enum" });
      }
    }
  }
  return { propertyNames, ids };
}
