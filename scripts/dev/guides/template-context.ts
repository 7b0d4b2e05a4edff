/** The `template-context` region (guides/templates.md): what templates receive, read from the TypeScript sources of the model. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { cell, code } from "./markdown.js";

const CONTEXT_SOURCES = [
  "scripts/stages/render.ts",
  "scripts/stages/model.ts",
  "scripts/stages/index-attributes/types.ts",
  "scripts/config/page-fields.ts",
];
const CONTEXT_ROOT = "TemplateContext";

interface Declared {
  decl: ts.InterfaceDeclaration;
  source: ts.SourceFile;
  file: string;
}

/** One line of a table: a property, an index signature, or a property of an inline object type. */
interface Row {
  key: string;
  type: string;
  optional: boolean;
  doc: string;
}

function docOf(node: ts.Node): string {
  const parts: string[] = [];
  for (const d of ts.getJSDocCommentsAndTags(node)) {
    if (ts.isJSDoc(d)) {
      const text = ts.getTextOfJSDocComment(d.comment);
      if (text) parts.push(text);
    }
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** Type text as one line: the source's spelling, whitespace collapsed. */
function typeText(node: ts.TypeNode | undefined, source: ts.SourceFile): string {
  return node ? node.getText(source).replace(/\s+/g, " ").trim() : "any";
}

function rowsOf(members: ts.NodeArray<ts.TypeElement>, source: ts.SourceFile, prefix: string): Row[] {
  const rows: Row[] = [];
  for (const m of members) {
    if (ts.isPropertySignature(m)) {
      const key = prefix + m.name.getText(source);
      const optional = m.questionToken !== undefined;
      if (m.type && ts.isTypeLiteralNode(m.type)) {
        rows.push({ key, type: "object", optional, doc: docOf(m) });
        rows.push(...rowsOf(m.type.members, source, `${key}.`));
      } else {
        rows.push({ key, type: typeText(m.type, source), optional, doc: docOf(m) });
      }
    } else if (ts.isIndexSignatureDeclaration(m)) {
      const p = m.parameters[0];
      const key = `${prefix}[${p ? p.getText(source) : "key: string"}]`;
      rows.push({ key, type: typeText(m.type, source), optional: true, doc: docOf(m) || "any other key" });
    }
  }
  return rows;
}

/** The names of the declared interfaces a node refers to, in order of first use. */
function referencedNames(node: ts.Node, declared: ReadonlyMap<string, Declared>, into: string[]): void {
  const visit = (n: ts.Node): void => {
    if (
      (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n)) &&
      ts.isIdentifier(ts.isTypeReferenceNode(n) ? n.typeName : n.expression)
    ) {
      const name = (ts.isTypeReferenceNode(n) ? n.typeName : n.expression).getText();
      if (declared.has(name) && !into.includes(name)) into.push(name);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Interfaces by name, from the context's source files (the first file that declares a name wins). */
export function contextInterfaces(): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const file of CONTEXT_SOURCES) {
    const text = readFileSync(join(PACKAGE_ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && !declared.has(statement.name.text)) {
        declared.set(statement.name.text, { decl: statement, source, file });
      }
    }
  }
  return declared;
}

/** The interfaces templates see, from `TemplateContext` on, in order of first use, each with its rows. */
export function templateContextTypes(): { name: string; file: string; doc: string; extends: string[]; rows: Row[] }[] {
  const declared = contextInterfaces();
  const order = [CONTEXT_ROOT];
  const out = [];
  for (let i = 0; i < order.length; i++) {
    const name = order[i]!;
    const d = declared.get(name);
    if (!d) throw new Error(`build-guides: interface ${name} is not declared in ${CONTEXT_SOURCES.join(", ")}`);
    const bases: string[] = [];
    for (const clause of d.decl.heritageClauses ?? []) for (const t of clause.types) bases.push(t.expression.getText(d.source));
    referencedNames(d.decl, declared, order);
    out.push({ name, file: d.file, doc: docOf(d.decl), extends: bases, rows: rowsOf(d.decl.members, d.source, "") });
  }
  return out;
}

/** The region: a table per interface templates see, its types linked to theirs. */
export function templateContextReference(): string {
  const types = templateContextTypes();
  const names = new Set(types.map((t) => t.name));
  /** GitHub's heading id of ### `Name`: the name, lowercased. */
  const link = (name: string) => `[\`${name}\`](#${name.toLowerCase()})`;
  const typeCell = (type: string) => {
    const linked = [...new Set(type.match(/\b[A-Z]\w*/g) ?? [])].filter((n) => names.has(n));
    return cell(code(type)) + (linked.length > 0 ? ` (${linked.map(link).join(", ")})` : "");
  };
  const parts: string[] = [];
  for (const t of types) {
    parts.push(`### \`${t.name}\``, "");
    const about = [t.doc, `Declared in \`${t.file}\`.`].filter(Boolean).join(" ");
    parts.push(about, "");
    if (t.extends.length > 0) parts.push(`Every key of ${t.extends.map(link).join(" and ")}, and:`, "");
    parts.push("| key | type | always there | what it is |", "| --- | --- | --- | --- |");
    for (const r of t.rows)
      parts.push(`| ${cell(code(r.key))} | ${typeCell(r.type)} | ${r.optional ? "no" : "yes"} | ${cell(r.doc) || "—"} |`);
    parts.push("");
  }
  return parts.join("\n");
}
