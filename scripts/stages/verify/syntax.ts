/**
 * What verify's checks share: the error that refuses an output, parsing a generated module with
 * the TypeScript compiler, and reading its syntax (names, modifiers, kinds, lines).
 */
import type TS from "typescript";
import type { Output } from "../../core/files.js";

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

/** Parses `text` (default the output's) as TypeScript; an output that does not parse is refused. */
export function parse(ts: typeof TS, out: Output, text = out.content): TS.SourceFile {
  const source = ts.createSourceFile(out.file, text, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) fail(out, `it does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, " ")}`);
  return source;
}

/** Refuses the output: an UnsafeOutputError naming it and why. */
export function fail(out: Output, reason: string): never {
  throw new UnsafeOutputError(out.file, reason);
}

/** A member or declaration name as the program sees it (a string literal's value, not its quotes and escapes). */
export function nameText(ts: typeof TS, name: TS.Node | undefined): string | undefined {
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  return undefined;
}

/** Whether a statement carries `export`. */
export function isExported(ts: typeof TS, node: TS.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Whether `export` is a statement's only modifier. */
export function onlyExportModifier(ts: typeof TS, node: TS.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.length === 1 && modifiers[0]!.kind === ts.SyntaxKind.ExportKeyword;
}

/** A SyntaxKind's name (not an alias such as FirstStatement). */
export function kindName(ts: typeof TS, kind: TS.SyntaxKind): string {
  for (const [name, value] of Object.entries(ts.SyntaxKind)) if (value === kind && !/^(First|Last)/.test(name)) return name;
  return String(kind);
}

/** The 1-based line of a node or a position. */
export function line(source: TS.SourceFile, nodeOrPos: TS.Node | number): number {
  const pos = typeof nodeOrPos === "number" ? nodeOrPos : nodeOrPos.getStart(source);
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}
