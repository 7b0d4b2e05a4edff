/**
 * Formatting of json-schema-to-typescript's raw output.
 *
 * Prettier gives the reference layout, but loading its TypeScript parser and
 * printing a large file costs far more than the rest of the build. json2ts's raw
 * output is regular (one declaration member per line, braces at line ends, JSDoc
 * blocks), so `fastFormat` lays it out directly, and returns `undefined` for any
 * line it is not sure to print exactly as Prettier would (long lines Prettier
 * would wrap, quotes Prettier would swap, parentheses it would drop or keep).
 * `formatTypeScript` then falls back to Prettier for the whole file. Either way the
 * bytes are Prettier's: the tests compare both paths on real and random schemas.
 */

/** The Prettier options the types are formatted with (json2ts's defaults, trailing commas and LF fixed). */
export const PRETTIER_OPTIONS = {
  parser: "typescript",
  filepath: "schema.d.ts",
  bracketSpacing: false,
  printWidth: 120,
  semi: true,
  singleQuote: false,
  tabWidth: 2,
  trailingComma: "all",
  useTabs: false,
  endOfLine: "lf",
} as const;

export async function formatTypeScript(code: string): Promise<{ text: string; formatter: "fast" | "prettier" }> {
  const fast = fastFormat(code);
  if (fast !== undefined) return { text: fast, formatter: "fast" };
  const prettier = await import("prettier");
  return { text: await prettier.format(code, PRETTIER_OPTIONS), formatter: "prettier" };
}

const UNIT = "  ";

/** Prettier's layout for json2ts's raw output, or undefined where that is not certain. */
export function fastFormat(code: string): string | undefined {
  const lines = code.split("\n");
  const out: string[] = [];
  /** For each open brace: does it open a declaration (closed by `}`) or a type literal (closed by `};`)? */
  const stack: ("declaration" | "literal")[] = [];
  let inComment = false;
  let blankPending = false;

  // Characters other line-breaking rules apply to (Prettier and TypeScript treat U+2028 as a line end).
  if (/[\r\u2028\u2029\u000b\u000c\u0085\ufeff]/.test(code)) return undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, "");
    const indent = UNIT.repeat(stack.length);

    if (inComment) {
      // Prettier trims a JSDoc line of every Unicode blank, but keeps two spaces after text
      // that ended with two or more (a Markdown line break); a tab after them cancels that.
      const text = raw.trim();
      if (text === "*/") {
        out.push(`${indent} */`);
        inComment = false;
      } else if (text.startsWith("*")) {
        out.push(`${indent} ${text}${text !== "*" && / {2}$/.test(raw) ? "  " : ""}`);
      } else {
        return undefined;
      }
      continue;
    }
    if (line === "") {
      // Prettier keeps at most one blank line, and none right after an opening brace.
      if (out.length > 0 && !out[out.length - 1]!.endsWith("{")) blankPending = true;
      continue;
    }
    if (blankPending) {
      if (!line.startsWith("}")) out.push("");
      blankPending = false;
    }
    if (line.startsWith("/*")) {
      if (line === "/**" || line === "/*") {
        out.push(indent + line);
        inComment = true;
        continue;
      }
      if (line.endsWith("*/") && !line.slice(2, -2).includes("*/")) {
        out.push(indent + line);
        continue;
      }
      return undefined;
    }
    if (line.startsWith("}")) {
      if (line !== "}") return undefined;
      const kind = stack.pop();
      if (kind === undefined) return undefined;
      const close = kind === "literal" ? "};" : "}";
      const previous = out[out.length - 1];
      if (previous?.endsWith("{") && previous.length > 0) {
        // An empty body: Prettier prints `{}` on the opening line.
        out[out.length - 1] = previous + close;
      } else {
        out.push(UNIT.repeat(stack.length) + close);
      }
      continue;
    }
    const member = simplify(line);
    if (member === undefined) return undefined;
    if (member.endsWith("{")) {
      const declaration = stack.length === 0 && /^(export )?(declare )?(interface|type|enum|namespace) /.test(member);
      stack.push(declaration ? "declaration" : "literal");
      if (!declaration && !/^(readonly )?("([^"\\]|\\.)*"|[\w$]+)\??: \{$|^\[k: string\]: \{$/.test(member)) return undefined;
      out.push(indent + member);
    } else {
      const text = indent + member + (stack.length === 0 && /^export (interface|enum)/.test(member) ? "" : ";");
      out.push(text);
    }
    if (out[out.length - 1]!.length > PRETTIER_OPTIONS.printWidth) return undefined;
  }
  if (inComment || stack.length > 0) return undefined;
  // Prettier ends the file with exactly one newline.
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

/**
 * One member or alias line, with the parentheses Prettier would drop dropped.
 * Undefined when the line has a shape this formatter does not know for sure.
 */
function simplify(line: string): string | undefined {
  // Strings: Prettier prefers double quotes unless that needs more escapes; json2ts writes JSON strings.
  // Any escaped quote, or a single quote inside a string, could flip: leave those to Prettier.
  if (/\\["']/.test(line)) return undefined;
  const m = /^((?:export type [\w$]+ = )|(?:(?:readonly )?(?:"(?:[^"\\]|\\.)*"|[\w$]+|\[k: string\])\??: ))(.*)$/.exec(line);
  if (!m) {
    // Declarations that open a body: `export interface X {`.
    return /^export interface [\w$]+ \{$/.test(line) ? line : undefined;
  }
  const [, head, typeText] = m as unknown as [string, string, string];
  // A quoted name Prettier might unquote (an identifier or a number): leave it to Prettier.
  const quoted = /^(?:readonly )?"((?:[^"\\]|\\.)*)"/.exec(head);
  if (quoted && (/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(quoted[1]!) || /^\d/.test(quoted[1]!))) return undefined;
  if (typeText === "{") return line;
  const type = unwrap(typeText);
  if (type === undefined) return undefined;
  return head + type;
}

/** A type expression without redundant outer parentheses; undefined if its parentheses are not simple. */
function unwrap(type: string): string | undefined {
  let t = type;
  // `(A | B)` around the whole type: Prettier drops them.
  if (t.startsWith("(") && t.endsWith(")") && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1);
  // What is left may hold parentheses only as `(A | B)[]` groups with nothing nested inside.
  const withoutStrings = t.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (withoutStrings.includes("(")) {
    const ok = /^(?:[^()]|\([^()]*\)\[\])*$/.test(withoutStrings);
    if (!ok) return undefined;
    // Around a single type (`("a")[]`) Prettier drops them: only unions and intersections keep theirs.
    for (const group of withoutStrings.matchAll(/\(([^()]*)\)\[\]/g)) if (!/[|&]/.test(group[1]!)) return undefined;
  }
  if (/[{}]/.test(withoutStrings) || withoutStrings.includes("=>") || withoutStrings.includes("'")) return undefined;
  // Operators and commas as Prettier spaces them (json2ts writes tuple unions as `[]|[A]`).
  if (/[^ ][|&]|[|&][^ ]|,[^ ]/.test(withoutStrings)) return undefined;
  return t;
}

function closingParen(s: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}
