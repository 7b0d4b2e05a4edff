/**
 * A guide's generated regions: what lies between a line `<!-- generated:NAME -->` and a line
 * `<!-- /generated:NAME -->`, read and replaced; nothing else in a guide is touched.
 */

const opening = (name: string) => `<!-- generated:${name} -->`;
const closing = (name: string) => `<!-- /generated:${name} -->`;

/** Where the region's marker lines are: the opening one's start, and the line break before the closing one. */
function markers(text: string, name: string): { open: number; close: number } | undefined {
  const open = text.indexOf(`${opening(name)}\n`);
  if (open === -1) return undefined;
  const close = text.indexOf(`\n${closing(name)}`, open + opening(name).length);
  return close === -1 ? undefined : { open, close };
}

/** The text between the region's marker lines (without them), or undefined when the guide has no such region. */
export function regionOf(text: string, name: string): string | undefined {
  const m = markers(text, name);
  if (!m) return undefined;
  return text.slice(Math.min(m.open + opening(name).length + 1, m.close), m.close);
}

/** The guide with the region's content (lines, without a final line break) replaced; the guide must have the region. */
export function withRegion(text: string, name: string, content: string): string {
  const m = markers(text, name);
  if (!m) throw new Error(`no region ${opening(name)} … ${closing(name)} (each on a line of its own)`);
  const lines = content === "" ? "" : `${content}\n`;
  return `${text.slice(0, m.open)}${opening(name)}\n${lines}${text.slice(m.close + 1)}`;
}
