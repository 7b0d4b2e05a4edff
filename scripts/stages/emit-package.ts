/**
 * Stage 10, emit package: the page's events package, a folder a consumer installs
 * (`npm install ./generated/events`) with no dependency at all:
 *
 * - `types.d.ts`: the types (stage 8's module, as declarations);
 * - `validator.js` and `.d.ts`: the validator (stage 9's module), with what it imported from
 *   Ajv and ajv-formats written into it: only the formats the schema uses (their code read
 *   from ajv-formats itself, with the helpers they call), and Ajv's runtime helpers
 *   (`ucs2length`…) as the modules they are;
 * - `validation.js` and `.d.ts`: readable errors (scripts/runtime/validation.ts, the code of
 *   `cws-docgen/events`, bundled ahead of time: emit-package.runtime.generated.ts);
 * - `index.js` and `.d.ts`: the types, `is<Root>` (a type guard), `validate<Root>` (the event
 *   or every error as a pointer and a message) and `schema`; a type the schema defines keeps its
 *   name, and a name of the package's own that one takes (`schema`, `ValidationError`, …) steps
 *   aside (`ownExports`);
 * - `schema.json`, `package.json` (name and version from the config, `"type": "module"`,
 *   `exports` with types, no scripts, `"gypfile": false`: nothing runs on install) and a README,
 *   whose text from the config and the schema's file name goes through the page's Markdown helpers.
 *
 * Every file has its invisible characters (bidirectional controls, U+2028…) written as `\u`
 * escapes, as every other output; the verify stage checks the final files for them.
 *
 * The JavaScript is the TypeScript compiler's (`transpileModule`), the declarations too
 * (`transpileDeclaration`): a build runs this stage in the thread that loads TypeScript for the
 * verify stage (verify-thread.ts); called alone, it loads TypeScript itself.
 * The verify stage parses every file; stage 12 writes them with the other outputs.
 */
import { join } from "node:path";
import type TS from "typescript";
import type { PackageConfig } from "../config/config.js";
import type { Output } from "../core/files.js";
import { escapeInvisible } from "../core/invisible.js";
import { identifier, stringLiteral } from "../core/js-escape.js";
import { mdCode, mdText, oneLine } from "../core/markdown.js";
import { loadTypeScript } from "../core/typescript.js";
import { PACKAGE_FILES } from "./emit-package-folder.js";
import { RUNTIME_DTS, RUNTIME_JS } from "./emit-package.runtime.generated.js";
import { selfContained } from "./emit-package-validator.js";

export interface EmitPackageOptions {
  /** Name of the root type, as the types export it. */
  rootName: string;
  package: PackageConfig;
  /** Stage 8's module (TypeScript). */
  types: string;
  /** Stage 9's module (TypeScript). */
  validator: string;
  /** The schema the validator was compiled from, as one document. */
  schema: unknown;
  /** The schema's file, as the README names it. */
  schemaName: string;
  /** The page's title, for the package's description. */
  title: string;
}

/** The names `index` exports besides the schema's types: its values, then its types (from validation.js). */
function ownExports(root: string): { values: string[]; types: string[] } {
  return { values: ["schema", `is${root}`, `validate${root}`], types: ["ValidationError", "ValidationResult"] };
}

/** `ts`: the TypeScript compiler, when the caller has it loaded already (the build's TypeScript thread, verify-thread.ts). */
export function emitPackage(o: EmitPackageOptions, ts = loadTypeScript()): Output[] {
  const root = identifier(o.rootName);
  const validator = selfContained(ts, o.validator, o.package.name);
  const compilerOptions: TS.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    newLine: ts.NewLineKind.LineFeed,
  };
  const js = (text: string, fileName: string) => ts.transpileModule(text, { compilerOptions, fileName }).outputText;
  const dts = (text: string, fileName: string) => ts.transpileDeclaration(text, { compilerOptions, fileName }).outputText;
  const files: Record<(typeof PACKAGE_FILES)[number], string> = {
    "package.json": packageJson(o),
    "README.md": readme(o, root),
    "index.js": indexJs(o, root),
    "index.d.ts": indexDts(o, root, typeNamesOf(ts, o.types)),
    "types.d.ts": dts(o.types, "types.ts"),
    "validator.js": `${validator.banner}\n${validator.code}${js(validator.exports, "validator.ts")}`,
    "validator.d.ts": dts(`${validator.typeImport}\n${validator.exports}`, "validator.ts"),
    "validation.js": RUNTIME_JS,
    "validation.d.ts": RUNTIME_DTS,
    "schema.json": `${JSON.stringify(o.schema, null, 2)}\n`,
  };
  // Outside string literals (and JSON strings) every file is free of invisible characters, and in them `\uXXXX` means the same;
  // the compiler's declarations write a literal type's text raw, and JSON.stringify keeps U+2028 and the bidirectional controls.
  return PACKAGE_FILES.map((name) => ({ file: join(o.package.dir, name), content: escapeInvisible(files[name]) }));
}

/** The names of the types stage 8 declares (`export interface` and `export type`), in order. */
function typeNamesOf(ts: typeof TS, types: string): string[] {
  const source = ts.createSourceFile("types.ts", types, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  return source.statements.flatMap((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) ? [s.name.text] : []));
}

function banner(o: EmitPackageOptions): string {
  return `// ${o.package.name} ${o.package.version}: generated by cws-docgen. Do not edit.`;
}

function indexJs(o: EmitPackageOptions, root: string): string {
  return [
    banner(o),
    'import { createValidator } from "./validation.js";',
    'import { schema, validate } from "./validator.js";',
    "",
    "export { schema };",
    "",
    "const checker = createValidator(validate);",
    "",
    `/** True when \`value\` is a valid ${root} (every format checked). */`,
    `export function is${root}(value) {`,
    "  return checker.is(value);",
    "}",
    "",
    `/** \`{ valid: true, event }\` (the same object, typed), or \`{ valid: false, errors }\` with every error as \`{ pointer, message }\`. */`,
    `export function validate${root}(value) {`,
    "  return checker.validate(value);",
    "}",
    "",
  ].join("\n");
}

/**
 * The declarations of `index.js`. Every type the schema defines is exported by its own name, listed
 * (an `export *` loses any name the module also exports itself); the package's own names are
 * reached through namespace imports, which no exported name can hide. A type named as one of the
 * package's values (`schema`, `is<Root>`, `validate<Root>`) is a type alias beside that value (a
 * type and a value can share a name); the package's own types (`ValidationError`,
 * `ValidationResult`) are exported only where no type of the schema takes the name.
 */
function indexDts(o: EmitPackageOptions, root: string, typeNames: string[]): string {
  const own = ownExports(root);
  const beside = typeNames.filter((n) => own.values.includes(n));
  const listed = typeNames.filter((n) => !own.values.includes(n));
  const validationTypes = own.types.filter((n) => !typeNames.includes(n));
  return [
    banner(o),
    'import type * as types from "./types.js";',
    'import type * as validation from "./validation.js";',
    'import type * as validator from "./validator.js";',
    "",
    "/** Every type the schema defines, by its name. */",
    "export type {",
    ...listed.map((n) => `  ${identifier(n)},`),
    '} from "./types.js";',
    ...beside.map((n) => `export type ${identifier(n)} = types.${identifier(n)};`),
    ...(validationTypes.length > 0 ? [`export type { ${validationTypes.join(", ")} } from "./validation.js";`] : []),
    "",
    "/** The schema the types and the validator come from, as one document. */",
    "export declare const schema: typeof validator.schema;",
    "",
    `/** True when \`value\` is a valid ${root} (every format checked). */`,
    `export declare function is${root}(value: unknown): value is types.${root};`,
    "",
    `/** \`{ valid: true, event }\` (the same object, typed), or \`{ valid: false, errors }\` with every error as \`{ pointer, message }\`. */`,
    `export declare function validate${root}(value: unknown): validation.ValidationResult<types.${root}>;`,
    "",
  ].join("\n");
}

/**
 * The Node versions the package runs in when none are configured: ES modules load anywhere from
 * Node 20, and a CommonJS app's require() loads them from 20.19 and 22.12 on (require(esm), unflagged
 * and without a warning there), so the package needs no CommonJS copy of itself.
 */
export const DEFAULT_ENGINES = { node: "^20.19.0 || >=22.12.0" };

/**
 * package.json: no dependency, no script, and `gypfile: false` (npm runs node-gyp on install for a
 * binding.gyp unless told not to). The config's fields (checked by the config's shape: one-line
 * texts, a licence and URLs of plain characters) go in through JSON.stringify, as values only.
 */
function packageJson(o: EmitPackageOptions): string {
  const p = o.package;
  return `${JSON.stringify(
    {
      name: p.name,
      version: p.version,
      description:
        p.description ??
        `${oneLine(o.title)}: the types, a type guard and a validator, generated by cws-docgen from ${oneLine(o.schemaName)}`,
      ...(p.keywords ? { keywords: p.keywords } : {}),
      ...(p.license ? { license: p.license } : {}),
      ...(p.repository ? { repository: { type: "git", url: p.repository } } : {}),
      engines: p.engines ?? DEFAULT_ENGINES,
      type: "module",
      sideEffects: false,
      gypfile: false,
      types: "./index.d.ts",
      exports: {
        ".": { types: "./index.d.ts", default: "./index.js" },
        "./schema.json": "./schema.json",
        "./package.json": "./package.json",
      },
      files: PACKAGE_FILES.filter((f) => f !== "package.json"),
      ...(p.publishConfig ? { publishConfig: p.publishConfig } : {}),
    },
    null,
    2,
  )}\n`;
}

/** The README: the config's title and the schema's file name as Markdown text and a code span (no HTML, link or autolink opens). */
function readme(o: EmitPackageOptions, root: string): string {
  const name = o.package.name;
  const code = (s: string) => mdCode(s, { table: false });
  return [
    `# ${mdText(name)}`,
    "",
    `${mdText(o.title)}: the TypeScript types of the event, a type guard and a validator, generated by cws-docgen from ${code(o.schemaName)}. No dependency: ES modules that run in Node (20 and later; a CommonJS app's \`require()\` loads them from Node 20.19 and 22.12) and in browsers, as they are or bundled.`,
    "",
    ...repositoryLine(o.package.repository),
    "```ts",
    `import { is${root}, validate${root}, type ${root} } from ${stringLiteral(name)};`,
    "",
    `const result = validate${root}(JSON.parse(line));`,
    "if (result.valid) {",
    `  const event: ${root} = result.event; // the same object, typed`,
    "} else {",
    '  for (const e of result.errors) console.error(e.pointer, e.message); // e.g. /process/uid missing required property "uid"',
    "}",
    "",
    `if (is${root}(value)) value; // a type guard: ${root} from here`,
    "```",
    "",
    `From CommonJS (\`"type": "commonjs"\`, as \`npm init\` writes it): \`const { validate${root} } = require(${stringLiteral(name)});\`, or in TypeScript (5.8 and later, \`"module": "nodenext"\`, also under \`verbatimModuleSyntax\`): \`import events = require(${stringLiteral(name)});\` and \`import type { ${root} } from ${stringLiteral(name)};\`.`,
    "",
    `- \`validate${root}(value)\`: \`{ valid: true, event }\`, or \`{ valid: false, errors }\` with every error as \`{ pointer, message }\`: the RFC 6901 pointer of the offending value (of the property itself when it is missing or unknown) and what is wrong there.`,
    `- \`is${root}(value)\`: \`true\` when the value is a valid event, every format (such as \`date-time\`) checked.`,
    `- \`schema\`: the schema, as one document; also as a file, ${code(`${name}/schema.json`)}.`,
    "- Every type the schema defines, by its name.",
    "",
    "Do not edit these files: they are generated (`cws-docgen generate`), and `cws-docgen check` fails when they are not current.",
    "",
  ].join("\n");
}

/**
 * The README's only link: the configured repository, when a browser opens it (http or https,
 * `git+` dropped); its characters are a URL's plain ones (config-schema.ts), none that ends a
 * link. No link otherwise: a registry's page of the package may not exist.
 */
function repositoryLine(repository: string | undefined): string[] {
  const url = repository?.replace(/^git\+/, "");
  if (url === undefined || !/^https?:\/\//.test(url)) return [];
  return [`Source: [the repository](${url}).`, ""];
}
