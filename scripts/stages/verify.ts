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
import { HELPERS } from "./emit-validator.js";
import { stringLiteral } from "../core/js-escape.js";
import { firstInvisible, uEscape } from "../core/invisible.js";
import { isObject } from "../core/schema-walk.js";
import { typeNames } from "../core/ts-names.js";
import type { DefinitionIndex } from "./model.js";
import type { Output } from "../core/files.js";
import { loadTypeScript, saveTypeScriptCodeCache } from "../core/typescript.js";

/** Generated code that is not what the schema defines: never written. */
export class UnsafeOutputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`refusing to write unsafe output ${file}: ${reason}`);
    this.name = "UnsafeOutputError";
  }
}

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

function parse(ts: typeof TS, out: Output, text = out.content): TS.SourceFile {
  const source = ts.createSourceFile(out.file, text, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) fail(out, `it does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, " ")}`);
  return source;
}

function fail(out: Output, reason: string): never {
  throw new UnsafeOutputError(out.file, reason);
}

/** A member or declaration name as the program sees it (a string literal's value, not its quotes and escapes). */
function nameText(ts: typeof TS, name: TS.Node | undefined): string | undefined {
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  return undefined;
}

function isExported(ts: typeof TS, node: TS.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function onlyExportModifier(ts: typeof TS, node: TS.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.length === 1 && modifiers[0]!.kind === ts.SyntaxKind.ExportKeyword;
}

function verifyTypes(ts: typeof TS, out: Output, names: string[], members: string[][], propertyNames: Set<string>): void {
  const source = parse(ts, out);
  const K = ts.SyntaxKind;
  const declared = new Map<string, number>();
  names.forEach((n, i) => {
    declared.set(n, i);
  });
  const seen = new Set<string>();
  for (const statement of source.statements) {
    if (!(ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) || !onlyExportModifier(ts, statement)) {
      fail(out, `line ${line(source, statement)}: a top-level ${kindName(ts, statement.kind)} that is not an exported interface or type`);
    }
    const name = statement.name.text;
    const i = declared.get(name);
    if (i === undefined)
      fail(out, `line ${line(source, statement)}: it declares ${stringLiteral(name)}, which is neither the root type nor a definition`);
    if (seen.has(name)) fail(out, `line ${line(source, statement)}: it declares ${stringLiteral(name)} twice`);
    seen.add(name);
    if (statement.typeParameters || (ts.isInterfaceDeclaration(statement) && statement.heritageClauses))
      fail(out, `line ${line(source, statement)}: ${name} has type parameters or a heritage clause`);
    if (ts.isInterfaceDeclaration(statement)) {
      const expected = members[i]!;
      const actual = statement.members.flatMap((m) => (ts.isPropertySignature(m) ? [nameText(ts, m.name) ?? ""] : []));
      const wanted = new Set(expected);
      if (actual.length !== expected.length || new Set(actual).size !== actual.length || actual.some((a) => !wanted.has(a))) {
        fail(
          out,
          `line ${line(source, statement)}: the members of ${name} are not the properties its schema defines (${actual.map(stringLiteral).join(", ")} for ${expected.map(stringLiteral).join(", ")})`,
        );
      }
    }
  }
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length > 0) fail(out, `it does not declare ${missing.map(stringLiteral).join(", ")}`);

  // Every node below the declarations: only what a JSON Schema can mean as a type.
  const allowed = new Set<TS.SyntaxKind>([
    K.Identifier,
    K.StringLiteral,
    K.NumericLiteral,
    K.BigIntLiteral,
    K.PrefixUnaryExpression,
    K.LiteralType,
    K.TrueKeyword,
    K.FalseKeyword,
    K.NullKeyword,
    K.StringKeyword,
    K.NumberKeyword,
    K.BooleanKeyword,
    K.UnknownKeyword,
    K.AnyKeyword,
    K.NeverKeyword,
    K.ObjectKeyword,
    K.UndefinedKeyword,
    K.BigIntKeyword,
    K.ExportKeyword,
    K.ReadonlyKeyword,
    K.QuestionToken,
    K.DotDotDotToken,
    K.PropertySignature,
    K.IndexSignature,
    K.Parameter,
    K.TypeLiteral,
    K.ArrayType,
    K.TupleType,
    K.RestType,
    K.OptionalType,
    K.NamedTupleMember,
    K.UnionType,
    K.IntersectionType,
    K.ParenthesizedType,
    K.TypeReference,
    K.TypeOperator,
  ]);
  const walk = (node: TS.Node): void => {
    if (!allowed.has(node.kind)) fail(out, `line ${line(source, node)}: ${kindName(ts, node.kind)} where only types may be`);
    if (ts.isTypeReferenceNode(node)) {
      if (!ts.isIdentifier(node.typeName) || !declared.has(node.typeName.text) || node.typeArguments)
        fail(out, `line ${line(source, node)}: a reference to ${stringLiteral(node.getText(source))}, which is not a declared type`);
      return;
    }
    if (ts.isTypeOperatorNode(node) && node.operator !== K.ReadonlyKeyword) fail(out, `line ${line(source, node)}: a type operator`);
    if (ts.isPrefixUnaryExpression(node) && (node.operator !== K.MinusToken || !ts.isNumericLiteral(node.operand)))
      fail(out, `line ${line(source, node)}: an expression`);
    if (ts.isPropertySignature(node)) {
      const name = nameText(ts, node.name);
      if (name === undefined || !propertyNames.has(name))
        fail(out, `line ${line(source, node)}: a member ${stringLiteral(name ?? node.name.getText(source))} that no schema defines`);
    }
    if (ts.isIndexSignatureDeclaration(node)) {
      const [p] = node.parameters;
      if (node.parameters.length !== 1 || !p!.type || p!.type.kind !== K.StringKeyword)
        fail(out, `line ${line(source, node)}: an index signature that is not [k: string]`);
    }
    if (ts.isTypeLiteralNode(node)) {
      const members = node.members
        .map((m) => (ts.isPropertySignature(m) ? nameText(ts, m.name) : undefined))
        .filter((n) => n !== undefined);
      if (new Set(members).size !== members.length) fail(out, `line ${line(source, node)}: an object type with a member twice`);
    }
    ts.forEachChild(node, walk);
  };
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) for (const m of statement.members) walk(m);
    else if (ts.isTypeAliasDeclaration(statement)) walk(statement.type);
  }
}

/** Top-level names Ajv's standalone code declares. */
const AJV_CONST = /^(?:schema|func|formats|pattern|wrapper|root|keyword|Error)\d+$/;
const AJV_FUNCTION = /^validate\d+$/;
const EXPORTS = ["AjvError", "Validate", "validate", "schema"];

function verifyValidator(ts: typeof TS, out: Output, rootName: string, ids: Set<string>): void {
  const text = withoutJsonLiterals(out.content);
  const source = parse(ts, out, text);
  checkStatements(ts, out, source, rootName);
  const regexStarts = checkLiterals(ts, out, source);
  checkComments(ts, out, source, text, ids, regexStarts);
}

/** Each top-level statement is one cws-docgen or Ajv writes: its imports, Ajv's consts and functions, the helpers, and exactly the exports. */
function checkStatements(ts: typeof TS, out: Output, source: TS.SourceFile, rootName: string): void {
  const K = ts.SyntaxKind;
  const exported: string[] = [];
  for (const statement of source.statements) {
    const where = `line ${line(source, statement)}`;
    if (ts.isImportDeclaration(statement)) {
      const spec = (statement.moduleSpecifier as TS.StringLiteral).text;
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const ns = clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings) ? clause.namedBindings.name.text : undefined;
      const ok =
        clause !== undefined &&
        !clause.name &&
        ((clause.isTypeOnly &&
          named?.length === 1 &&
          !named[0]!.propertyName &&
          named[0]!.name.text === rootName &&
          spec.startsWith(".")) ||
          (!clause.isTypeOnly &&
            spec === "ajv-formats/dist/formats.js" &&
            named?.length === 1 &&
            named[0]!.propertyName?.getText(source) === "fullFormats" &&
            named[0]!.name.text === "cwsDocgenFormats") ||
          (!clause.isTypeOnly && /^ajv\/dist\/runtime\/[\w-]+\.js$/.test(spec) && ns !== undefined && /^cwsDocgenRequire\d+$/.test(ns)));
      if (!ok) fail(out, `${where}: an import cws-docgen does not write`);
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      const list = statement.declarationList;
      const d = list.declarations[0];
      const name = d && ts.isIdentifier(d.name) ? d.name.text : undefined;
      if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || name === undefined)
        fail(out, `${where}: a variable statement that is not one const`);
      if (isExported(ts, statement)) {
        if (!onlyExportModifier(ts, statement) || (name !== "validate" && name !== "schema"))
          fail(out, `${where}: it exports ${stringLiteral(name)}`);
        exported.push(name);
      } else if (!AJV_CONST.test(name) || ts.getModifiers(statement)?.length) {
        fail(out, `${where}: a top-level const ${stringLiteral(name)} that Ajv does not write`);
      }
      continue;
    }
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? "";
      if (ts.getModifiers(statement)?.length || !(AJV_FUNCTION.test(name) || Object.hasOwn(HELPERS, name)))
        fail(out, `${where}: a function ${stringLiteral(name)} that cws-docgen does not write`);
      // cws-docgen's helpers are constant: each is exactly as the emit stage writes it.
      if (Object.hasOwn(HELPERS, name) && statement.getText(source) !== HELPERS[name])
        fail(out, `${where}: the function ${stringLiteral(name)} is not the one cws-docgen writes`);
      continue;
    }
    // Ajv records what a validating function evaluates (2019-09 and 2020-12): `validate20.evaluated = {…};`.
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === K.EqualsToken
    ) {
      const { left, right } = statement.expression;
      if (
        ts.isPropertyAccessExpression(left) &&
        ts.isIdentifier(left.expression) &&
        AJV_FUNCTION.test(left.expression.text) &&
        left.name.text === "evaluated" &&
        ts.isObjectLiteralExpression(right)
      )
        continue;
    }
    if (
      ts.isInterfaceDeclaration(statement) &&
      onlyExportModifier(ts, statement) &&
      (statement.name.text === "AjvError" || statement.name.text === "Validate")
    ) {
      exported.push(statement.name.text);
      continue;
    }
    fail(out, `${where}: a top-level ${kindName(ts, statement.kind)} that cws-docgen does not write`);
  }
  if (exported.length !== EXPORTS.length || EXPORTS.some((e) => !exported.includes(e)))
    fail(out, `it exports ${exported.map(stringLiteral).join(", ")}, not exactly ${EXPORTS.join(", ")}`);
}

/**
 * No object literal whose `__proto__` key would set its prototype (and lose the key), no template literal;
 * the regular expressions' starts, for the comment scanner to read them as the parser did.
 */
function checkLiterals(ts: typeof TS, out: Output, source: TS.SourceFile): Set<number> {
  const K = ts.SyntaxKind;
  // Object literals: a `__proto__: …` or `"__proto__": …` key sets the prototype, and loses the key.
  // Regular expressions are found here too: the scanner below reads them as the parser did.
  const regexStarts = new Set<number>();
  const walk = (node: TS.Node): void => {
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      !ts.isComputedPropertyName(node.name) &&
      nameText(ts, node.name) === "__proto__"
    ) {
      fail(out, `line ${line(source, node)}: an object literal whose "__proto__" key would set its prototype`);
    }
    if (node.kind === K.RegularExpressionLiteral) regexStarts.add(node.getStart(source));
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node))
      fail(out, `line ${line(source, node)}: a template literal, which neither Ajv nor cws-docgen writes`);
    ts.forEachChild(node, walk);
  };
  walk(source);
  return regexStarts;
}

/** Comments only between top-level statements, but for the sourceURL comment Ajv writes for an id, whole. */
function checkComments(ts: typeof TS, out: Output, source: TS.SourceFile, text: string, ids: Set<string>, regexStarts: Set<number>): void {
  const K = ts.SyntaxKind;
  // Comments: before top-level statements (cws-docgen's), never inside one, but a sourceURL comment Ajv writes for an id, whole.
  // Ajv writes the id as a JSON string (U+2028 and U+2029 escaped); the module escapes every invisible character.
  const quotedIds = new Set([...ids].map(stringLiteral));
  const scanner = ts.createScanner(ts.ScriptTarget.ESNext, false, ts.LanguageVariant.Standard, text);
  const statements = source.statements;
  let s = 0;
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    if (token !== K.SingleLineCommentTrivia && token !== K.MultiLineCommentTrivia) {
      if ((token === K.SlashToken || token === K.SlashEqualsToken) && regexStarts.has(scanner.getTokenStart())) scanner.reScanSlashToken();
      continue;
    }
    const start = scanner.getTokenStart();
    while (s < statements.length && statements[s]!.end <= start) s++;
    const inside = s < statements.length && statements[s]!.getStart(source) <= start;
    if (!inside) continue;
    const text = scanner.getTokenText();
    const m = /^\/\*# sourceURL=([\s\S]*) \*\/$/.exec(text);
    if (!m || !quotedIds.has(m[1]!))
      fail(out, `line ${line(source, start)}: a comment inside Ajv's code: ${stringLiteral(text.slice(0, 80))}`);
  }
}

/**
 * The validator with its largest parts, the schema as data, each written `{}`: the exported
 * `schema` (`export const schema = <JSON> as const;`, the end of the module, most of its bytes) and
 * Ajv's `const schemaN = <JSON>;` lines. Parsing them costs the TypeScript parser far more than
 * JSON.parse, and they can hold no code when this holds of their text J:
 * - J is JSON (with `["__proto__"]` for a "__proto__" key), and holds no `"__proto__":` key: in code,
 *   its tokens are punctuation and literals, and set no prototype;
 * - J holds no `*​/`, backtick, CR, U+2028 or U+2029: had the text before J left a comment, a
 *   string or a template open, J could not close it, and the `{}` in its place leaves it open just
 *   the same, so the parse of the reduced text fails (or finds the template) instead.
 * Text that does not qualify stays, and is parsed.
 */
function withoutJsonLiterals(code: string): string {
  const inert = (j: string) => {
    if (/\*\/|`|[\r\u2028\u2029]/.test(j) || /[{,]\s*"__proto__"\s*:/.test(j)) return false;
    try {
      JSON.parse(j.replace(/\["__proto__"\]:/g, '"__proto__":'));
      return true;
    } catch {
      return false;
    }
  };
  let text = code.replace(/^(const schema\d+ = )(\{.*\});$/gm, (line, head: string, j: string) => (inert(j) ? `${head}{};` : line));
  const marker = "\nexport const schema = ";
  const at = text.lastIndexOf(marker);
  const end = " as const;\n";
  if (at !== -1 && text.endsWith(end) && inert(text.slice(at + marker.length, -end.length)))
    text = `${text.slice(0, at + marker.length)}{}${end}`;
  return text;
}

/** A SyntaxKind's name (not an alias such as FirstStatement). */
function kindName(ts: typeof TS, kind: TS.SyntaxKind): string {
  for (const [name, value] of Object.entries(ts.SyntaxKind)) if (value === kind && !/^(First|Last)/.test(name)) return name;
  return String(kind);
}

function line(source: TS.SourceFile, nodeOrPos: TS.Node | number): number {
  const pos = typeof nodeOrPos === "number" ? nodeOrPos : nodeOrPos.getStart(source);
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}
