/** The validator module's check (verify's second part): only what cws-docgen and Ajv's standalone code write. */
import type TS from "typescript";
import type { Output } from "../../core/files.js";
import { stringLiteral } from "../../core/js-escape.js";
import { HELPERS } from "../emit-validator.js";
import { fail, isExported, kindName, line, nameText, onlyExportModifier, parse } from "./syntax.js";

/** Top-level names Ajv's standalone code declares. */
const AJV_CONST = /^(?:schema|func|formats|pattern|wrapper|root|keyword|Error)\d+$/;
const AJV_FUNCTION = /^validate\d+$/;
const EXPORTS = ["AjvError", "Validate", "validate", "schema"];

/** Refuses the validator module unless its statements, literals and comments are what cws-docgen and Ajv write for `rootName` and the schema's `ids`. */
export function verifyValidator(ts: typeof TS, out: Output, rootName: string, ids: Set<string>): void {
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
