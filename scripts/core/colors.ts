/**
 * Colours on a terminal, in one place: whether a stream gets them (`colorWanted`), our escape codes
 * (`paint`), and the colours of a unified diff (`paintUnifiedDiff`, `check`'s diff). `diff`'s text
 * output and `check`'s diff both go through here, so that FORCE_COLOR, NO_COLOR and a pipe mean
 * the same for both.
 */

/** Select Graphic Rendition codes: the code that starts a style, and the one that ends it. */
const SGR = { red: [31, 39], green: [32, 39], yellow: [33, 39], bold: [1, 22], dim: [2, 22], cyan: [36, 39] } as const;
export type Style = keyof typeof SGR;

/**
 * Whether a stream gets colours: FORCE_COLOR wins (any value but 0 or false),
 * then NO_COLOR (any non-empty value) turns them off, then only a terminal
 * (not a pipe or a file, and not TERM=dumb) gets them.
 */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** `s` in a style, with the code that ends it (so that styles nest). `s` must be terminal-safe already. */
export function paint(style: Style, s: string): string {
  return `\x1b[${SGR[style][0]}m${s}\x1b[${SGR[style][1]}m`;
}

/**
 * A unified diff in colour, as git shows one: the file headers bold, the hunk headers cyan, the
 * removed lines red, the added lines green. The text must have been through `terminalLines` (no
 * escape sequence of the file's own is left): the only escape codes in the result are ours.
 */
export function paintUnifiedDiff(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      if (line.startsWith("--- ") || line.startsWith("+++ ")) return paint("bold", line);
      if (line.startsWith("@@")) return paint("cyan", line);
      if (line.startsWith("-")) return paint("red", line);
      if (line.startsWith("+")) return paint("green", line);
      return line;
    })
    .join("\n");
}
