/**
 * Puts the top-level declarations of json-schema-to-typescript's output in the
 * order we want. json2ts writes every type alias (`export type X = Y[]`, which
 * an array definition becomes) before every interface, so a schema whose
 * definitions mix the two would lose its order.
 *
 * The output is formatted (prettier), so a top-level declaration is a
 * column-0 `export …` line with the JSDoc block right above it, and nothing
 * else starts at column 0 (members are indented, JSDoc continuation lines
 * start with ` *`). A declaration whose name `rank` does not know keeps its
 * place after the one before it; the sort is stable.
 */

const DECLARATION = /^export (?:declare )?(?:interface|type|enum|const enum|class|const) ([\p{ID_Start}_$][\p{ID_Continue}$]*)/u;

export function orderDeclarations(ts: string, header: string, rank: (name: string) => number | undefined): string {
  if (!ts.startsWith(header)) return ts;
  const lines = ts.slice(header.length).split("\n");
  const prefix: string[] = [];
  const chunks: { lines: string[]; name?: string }[] = [];
  let current: { lines: string[]; name?: string } | undefined;
  for (const line of lines) {
    const opensDoc = line.startsWith("/**");
    const declaration = DECLARATION.exec(line);
    if (opensDoc || line.startsWith("export ")) {
      if (!current || current.name !== undefined || opensDoc) {
        current = { lines: [] };
        chunks.push(current);
      }
      if (declaration) current.name = declaration[1]!;
      else if (!opensDoc) current.name = "";
    }
    (current ? current.lines : prefix).push(line);
  }
  let last = -1;
  const ranked = chunks.map((chunk, position) => {
    const r = chunk.name ? rank(chunk.name) : undefined;
    if (r !== undefined) last = r;
    return { chunk, rank: last, position };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.position - b.position);
  // json2ts separates its group of aliases from its interfaces by a blank line: drop such trailing
  // blank lines so that declarations follow each other the same way wherever they land.
  for (const chunk of chunks) while (chunk.lines.length > 0 && chunk.lines.at(-1) === "") chunk.lines.pop();
  const body = [...prefix, ...ranked.flatMap((r) => r.chunk.lines)].join("\n");
  return header + body + (ts.endsWith("\n") && chunks.length > 0 ? "\n" : "");
}
