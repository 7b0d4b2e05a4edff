/**
 * Records heading ids from real Hugo into test/fixtures/hugo/anchors.json, which
 * test/unit/core/hugo-anchor.test.ts replays against core/hugo-anchor.ts (without Hugo).
 *
 * Every name below becomes a heading, in this order, on one page, written as the
 * template writes a definition's heading (``## `name` `` through the `code`
 * helper, `table=false`); Hugo builds it (test/hugo-site/) and each heading's
 * `id` is read back from the HTML. Repeats are numbered by Hugo per page, so the
 * order is part of the fixture. Needs `hugo` (Debian: apt-get install -y hugo):
 *
 *   npm run -s build && node dist/dev/hugo-anchors.js
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type DefaultTreeAdapterTypes as T } from "parse5";
import { definitionHeadingSource } from "../core/hugo-anchor.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { publish } from "./hugo-site.js";

export const FIXTURE = "test/fixtures/hugo/anchors.json";

const nfd = (s: string) => s.normalize("NFD");

const ACCENTED = [
  "café",
  "Größe",
  "naïve",
  "Ångström",
  "Ærøskøbing",
  "Œuvre",
  "résumé",
  "Ünïcödé",
  "Čeština",
  "Łódź",
  "ñandú",
  "São_Paulo",
  "Déjà-vu",
  "crème brûlée",
  "ÀÉÎÕÜ",
  "Ἀθῆναι",
];

/** The names, in page order. */
export const NAMES: string[] = [
  // ASCII, as CWS names its definitions, and ASCII punctuation.
  ...[
    "BPFEvent",
    "BPFMap",
    "BPFProgram",
    "ContainerContext",
    "DDContext",
    "DNSEvent",
    "DNSQuery",
    "EventContext",
    "ExitEvent",
    "File",
    "FileEvent",
    "IPPortContext",
    "MMapEvent",
    "MProtectEvent",
    "NetworkContext",
    "NetworkDevice",
    "PTraceEvent",
    "Process",
    "ProcessContext",
    "ProcessCredentials",
    "SELinuxEvent",
    "SignalEvent",
    "SpliceEvent",
    "UserContext",
    "UserSessionContext",
  ],
  ...[
    "is_imds_v2",
    "snake_case_name",
    "kebab-case-name",
    "camelCaseName",
    "with space",
    "two  spaces",
    "x.y.z",
    "a/b",
    "a:b",
    "a (b)",
    "$ref",
    "#hash",
    "a--b",
    "-leading",
    "trailing-",
    "_under_",
    "__proto__",
    "constructor",
    "a+b=c",
    "100%",
    "a&b",
    "a<b>c",
    "<script>",
    "a|b",
    "a\\b",
    "a*b*",
    "[link](#x)",
    "e-mail@example.com",
    "https://example.com",
    "www.example.com",
    "v1.2.3",
    "123",
    "0x1F",
    "A1B2",
    "ALLCAPS",
    "MiXeD",
  ],
  // Accents, precomposed (NFC) and decomposed (NFD: the combining marks are dropped).
  ...ACCENTED,
  ...ACCENTED.map(nfd),
  // Greek (final sigma), Turkish (dotted and dotless I), other case rules.
  ...[
    "ΟΔΟΣ",
    "Σίσυφος",
    "λόγος",
    "ΑΒΓΔ",
    "ς",
    "Σ",
    "ΪΫ",
    "ΌΡΟΣ ΑΓΊΟΥ",
    "İstanbul",
    "ISTANBUL",
    "ıi",
    "IĞDIR",
    "ŞEHİR",
    "i\u0307",
    "İ",
    "Straße",
    "STRASSE",
    "ẞ",
    "ǅungla",
    "ǈ",
    "ǋ",
    "ﬁle",
    "Ⓐⓑ",
    "Ω",
    "Ωmega",
    "K",
    "Å",
    "ꞋꞌꟀ",
  ],
  // CJK and other scripts, full-width forms, other digits.
  ...[
    "事件",
    "进程上下文",
    "コンテナ",
    "ｶﾀｶﾅ",
    "컨테이너",
    "漢字123",
    "ＡＢＣ１２３",
    "Ｆｉｌｅ",
    "עברית",
    "العربية",
    "٣٤٥",
    "देवनागरी५",
    "ไทย",
    "ქართული",
    "Кириллица",
    "ЁЖИК",
    "Ǳ",
    "Ꙋ",
  ],
  // Letters and digits assigned after Unicode 13.0 (Hugo's Go knows 13.0 and drops them; the runtime's \p{L} may not).
  ...["a\u0870b", "x\u{1e4d0}y", "k\u{11f50}", "\u{31350}cjk", "\u{10570}Vithkuqi", "a\u{1e030}b"],
  // Emoji and symbols (dropped).
  ...["😀", "🚀Event", "a👍b", "👨‍👩‍👧", "🇫🇷Flag", "1️⃣", "☃snow", "✓check", "€uro", "©2024", "½", "x²", "①", "∑", "→arrow"],
  // Letter-like numbers (Nl, dropped) and connector punctuation other than `_` (dropped).
  ...["Ⅻ", "Ⅳ", "ⅻ", "FileⅫ", "ↀ", "〇", "𐍁", "a‿b", "‿", "a⁀b", "a⁔b", "a＿b", "a︳b"],
  // What Hugo's source text holds: `{{` written `&#123;{`, backticks in fences, the summary divider.
  ...[
    "{{",
    "{{x}}",
    "a{{b",
    "{{{",
    "{{{{",
    "}}",
    "{{<x>}}",
    "{{%x%}}",
    "{{< code-block >}}",
    "a{ {b",
    "&#123;",
    "&amp;",
    "`",
    "`x",
    "x`",
    "a`b",
    "``a``",
    "` `",
    "a```b",
    "<!--more-->",
    "a<!--more-->b",
    "<!--x-->",
  ],
  // White space and invisible characters.
  ...[
    " x",
    "x ",
    " x ",
    "a\u00a0b",
    "\u00a0x\u00a0",
    "a\u2003b",
    "a\tb",
    "a\u200bb",
    "a\u200db",
    "a\u2028b",
    "a\u3000b",
    "a\u00adb",
    "\ufeffBOM",
    "x\u202ey",
  ],
  // Names whose ids collide: Hugo numbers repeats in page order.
  ...["Event", "event", "EVENT", "Event-1", "event 1", "Event!", "event-1", "Event_1", "event-1-1", "Ëvent", "E\u0308vent"],
  ...["dup", "dup", "dup", "dup-1", "dup-2", "dup-3", "dup", "DUP"],
  ...["!!!", "Ⅻ", "😀😀", "heading", "heading-1", "…", "heading"],
  ...["file", "File", "FILE", "file-1", "file-2"],
];

/** Records the ids and writes the fixture; returns how many names were recorded. */
export async function record(): Promise<number> {
  const headings = NAMES.map((name) => `## ${definitionHeadingSource(name)}`);
  const page = ["---", "title: Hugo anchors", "---", "", ...headings.flatMap((h) => [h, ""])].join("\n");
  const { version, html } = await publish(new Map([["anchors", page]]));
  const ids: string[] = [];
  const walk = (node: T.Node) => {
    if ("tagName" in node && node.tagName === "h2") ids.push(node.attrs.find((a) => a.name === "id")?.value ?? "");
    if ("childNodes" in node) for (const child of node.childNodes) walk(child);
    if ("content" in node) walk(node.content as T.Node);
  };
  walk(parse(html.get("anchors")!));
  if (ids.length !== NAMES.length) throw new Error(`hugo made ${ids.length} headings of ${NAMES.length} names`);
  const fixture = {
    about:
      "Heading ids made by real Hugo for definition names, in page order (repeats are numbered per page). Recorded by scripts/dev/hugo-anchors.ts; replayed by test/unit/core/hugo-anchor.test.ts.",
    hugo: version.replace(/ BuildDate=.*$/, ""),
    anchors: NAMES.map((name, i) => ({ name, heading: headings[i]!, id: ids[i]! })),
  };
  await writeFile(join(PACKAGE_ROOT, FIXTURE), `${JSON.stringify(fixture, null, 2)}\n`);
  return NAMES.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = await record();
  console.log(`wrote ${FIXTURE}: ${n} names`);
}
