/**
 * Rich text for the diff's messages: plain text with code spans, written with the
 * `rich` tagged template, so that each output format shows the code spans its own
 * way (backticks in text, a code span in Markdown).
 */

/** Text with code spans: each format shows the spans its own way (backticks, a Markdown code span). */
export type Rich = (string | { code: string })[];

/** A code span, to put in a `rich` template. */
export function code(text: string): { code: string } {
  return { code: text };
}

/** A tagged template for rich text: strings stay text, `code(x)` becomes a code span, a Rich is spliced in. */
export function rich(strings: TemplateStringsArray, ...values: (string | { code: string } | Rich)[]): Rich {
  const out: Rich = [];
  strings.forEach((text, i) => {
    if (text !== "") out.push(text);
    if (i < values.length) {
      const value = values[i]!;
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
  });
  return out;
}

/** Items joined as a sentence reads them: `a`, `a and b`, `a, b and c`. */
export function joinedList(items: Rich[]): Rich {
  const out: Rich = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? " and " : ", ");
    out.push(...item);
  });
  return out;
}

/** Rich text as plain text: code spans in backticks. */
export function plain(text: Rich): string {
  return text.map((part) => (typeof part === "string" ? part : `\`${part.code}\``)).join("");
}
