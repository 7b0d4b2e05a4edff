/** The types module's check (verify's first part): only the declarations the schema defines, made only of what a JSON Schema can mean as a type. */
import type TS from "typescript";
import type { Output } from "../../core/files.js";
import { stringLiteral } from "../../core/js-escape.js";
import { fail, kindName, line, nameText, onlyExportModifier, parse } from "./syntax.js";

/** The syntax kinds the types' declarations may hold below their names: only what a JSON Schema can mean as a type. */
function typeKinds(ts: typeof TS): Set<TS.SyntaxKind> {
  const K = ts.SyntaxKind;
  return new Set<TS.SyntaxKind>([
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
}

/** Refuses the types module unless it declares exactly the root and the definitions (`names`), each interface with its schema's `members`, using only `propertyNames` as members elsewhere. */
export function verifyTypes(ts: typeof TS, out: Output, names: string[], members: string[][], propertyNames: Set<string>): void {
  const source = parse(ts, out);
  const declared = checkDeclarations(ts, out, source, names, members);
  checkTypeNodes(ts, out, source, declared, propertyNames);
}

/** Each top-level statement is an exported interface or type of the root or a definition, once, with its schema's members; none missing. */
function checkDeclarations(ts: typeof TS, out: Output, source: TS.SourceFile, names: string[], members: string[][]): Map<string, number> {
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

  return declared;
}

/** Every node below the declarations: a type a JSON Schema can mean, references only to declared types, members only the schemas' properties. */
function checkTypeNodes(
  ts: typeof TS,
  out: Output,
  source: TS.SourceFile,
  declared: Map<string, number>,
  propertyNames: Set<string>,
): void {
  const K = ts.SyntaxKind;
  const allowed = typeKinds(ts);
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
