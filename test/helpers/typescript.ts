import { expect } from "vitest";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

import { type RunResult, runCommand, writeFiles } from "./base.js";

type Ts = typeof import("typescript");

type LibFiles = Map<string, import("typescript").SourceFile | undefined>;

/**
 * TypeScript's own library files, parsed once per test process (they never change): one set for `tsc -p`'s
 * programs, one for `tsc -b`'s, whose builder wants each file's version, which its host sets as it reads.
 */
const LIB_FILES = { program: new Map() as LibFiles, builder: new Map() as LibFiles };

/** A compiler host's `getSourceFile` that takes TypeScript's own library files from `tsLibFiles`, reading each once. */
function sharingLib(
  ts: Ts,
  host: import("typescript").CompilerHost,
  options: import("typescript").CompilerOptions,
  tsLibFiles: LibFiles,
): void {
  const libFolder = dirname(ts.getDefaultLibFilePath(options));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (dirname(fileName) !== libFolder) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!tsLibFiles.has(key)) tsLibFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return tsLibFiles.get(key);
  };
}

/**
 * Runs the real TypeScript compiler (`tsc --strict --noEmit`, through its API in this process, as
 * `tsc -p` runs it: the same program, the same diagnostics, printed as `tsc --pretty false` prints
 * them, exit code 2 when there are any) on `.ts` files in a folder, through a tsconfig.json written
 * there (`npx tsc -p` in the folder gives the same answer). Every file given, and every `.ts` file
 * they import, is checked in full; `skipLibCheck` leaves out only the declaration files of
 * TypeScript's own lib and of the libraries (Ajv's), which are not ours and which would double each
 * run. A generated declaration file is checked by a test of its own (events-package, package: their
 * consumers' `tsc -b`), never through this.
 */
export async function runTsc(cwd: string, files: string[], compilerOptions: Record<string, unknown> = {}): Promise<RunResult> {
  if (files.some((f) => f.endsWith(".d.ts"))) throw new Error("runTsc checks .ts files: a .d.ts would not be checked (skipLibCheck)");
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: [],
      // The language's own library, without the DOM's 1.5 MB of declarations: nothing generated
      // uses the DOM, and each run parses about a third less. The consumers of the packed packages are compiled with their
      // own tsconfig (consumerFiles), with the same library.
      lib: ["ES2022"],
      skipLibCheck: true,
      pretty: false,
      ...compilerOptions,
    },
    files,
  };
  await writeFile(join(cwd, "tsconfig.json"), JSON.stringify(config, null, 2));
  const ts = (await import("typescript")).default;
  const format = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => cwd, getNewLine: () => "\n" };
  // A tsconfig.json it cannot read at all (it was just written) is the test's fault, not the code's: it throws.
  const parsed = ts.getParsedCommandLineOfConfigFile(join(cwd, "tsconfig.json"), undefined, {
    ...ts.sys,
    getCurrentDirectory: () => cwd,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.formatDiagnostics([d], format));
    },
  })!;
  const host = ts.createCompilerHost(parsed.options);
  host.getCurrentDirectory = () => cwd;
  sharingLib(ts, host, parsed.options, LIB_FILES.program);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
  });
  // The config's own problems, the options', then every file's, sorted and without repeats (as tsc lists them).
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return { code: diagnostics.length > 0 ? 2 : 0, stdout: ts.formatDiagnostics(diagnostics, format), stderr: "" };
}

/**
 * The lines tsc reports an error on, in `file`; fails the test when it reports one in any other
 * file (a consumer's good copy and its bare copy share one tsc run: only the bare one may fail).
 */
export function tscErrorLinesOnlyIn(r: RunResult, file: string): number[] {
  const reported = [...r.stdout.matchAll(/^(\S+)\((\d+),\d+\): error/gm)].map((m) => ({ file: m[1]!, line: Number(m[2]) }));
  expect(r.code).not.toBe(0);
  expect(
    reported.filter((e) => e.file !== file),
    r.stdout,
  ).toEqual([]);
  return [...new Set(reported.map((e) => e.line))];
}

/** The strict compiler options of every consumer the tests compile: no @types (a package must not need them), its own declarations checked. */
const CONSUMER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2022"],
  types: [],
  strict: true,
  skipLibCheck: false,
  verbatimModuleSyntax: true,
} as const;

/**
 * A CommonJS app as `npm init -y` makes one (`"type": "commonjs"`), compiled by tsc with `module: nodenext` and
 * `verbatimModuleSyntax` (no @types/node): its package.json and tsconfig.json, compiling `files` into out/.
 */
export function commonJsApp(files: Record<string, string>): Record<string, string> {
  return {
    "package.json": JSON.stringify({ name: "cjs-app", version: "1.0.0", private: true, type: "commonjs" }),
    "tsconfig.json": JSON.stringify({
      compilerOptions: { module: "nodenext", ...CONSUMER_OPTIONS, outDir: "out" },
      files: Object.keys(files).filter((f) => /\.[cm]?ts$/.test(f)),
    }),
    ...files,
  };
}

/**
 * The files of a TypeScript consumer of an installed package: its source in
 * `src-RESOLUTION/consumer.ts` and a strict tsconfig for that module resolution
 * (no @types: the package must not need them), compiled to `out-RESOLUTION`.
 */
function consumerFiles(resolution: (typeof RESOLUTIONS)[number], source: string): Record<string, string> {
  const modules =
    resolution === "nodenext" ? { module: "nodenext", moduleResolution: "nodenext" } : { module: "esnext", moduleResolution: "bundler" };
  return {
    [`src-${resolution}/consumer.ts`]: source,
    [`tsconfig.${resolution}.json`]: JSON.stringify({
      compilerOptions: {
        ...modules,
        ...CONSUMER_OPTIONS,
        outDir: `out-${resolution}`,
        rootDir: `src-${resolution}`,
      },
      include: [`src-${resolution}`],
    }),
  };
}

/**
 * Compiles several TypeScript projects of a consumer (each tsconfig with its own options: `consumerFiles`,
 * `commonJsApp`) as one `tsc -b` does, in this process: TypeScript's solution builder, the one behind
 * tsc's build mode, on the tsconfigs in `cwd`. Its stdout is what tsc would print (each diagnostic, and
 * each status line, file names relative to `cwd`), its code tsc's exit code. TypeScript's library files are
 * parsed once, not once per project.
 */
export async function buildConsumers(cwd: string, tsconfigs: string[]): Promise<RunResult> {
  const { default: ts } = await import("typescript");
  let stdout = "";
  const formatHost = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => cwd, getNewLine: () => "\n" };
  const report = (d: import("typescript").Diagnostic) => (stdout += ts.formatDiagnostic(d, formatHost));
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, report);
  const createProgram = host.createProgram;
  host.createProgram = (rootNames, options, compilerHost, ...rest) => {
    if (compilerHost && options) sharingLib(ts, compilerHost, options, LIB_FILES.builder);
    return createProgram(rootNames, options, compilerHost, ...rest);
  };
  const roots = tsconfigs.map((t) => join(cwd, t));
  const code = ts.createSolutionBuilder(host, roots, {}).build();
  return { code, stdout, stderr: "" };
}

/** A consumer of an installed package, as `runConsumers` runs it: its file, loaded by `require` or `import`, from `cwd`. */
type Consumer = { name: string; file: string; load: "require" | "import"; cwd?: string };

/**
 * Runs compiled consumers of an installed package in one Node process, one after another, each from its
 * own folder: a CommonJS app `require`d, an ES module `import`ed (its top-level await awaited). What each
 * prints with console.log is kept apart (`printed`, by name), with what it threw (`errors`); the
 * process's stderr is all of theirs.
 */
async function runConsumers(
  cwd: string,
  consumers: Consumer[],
): Promise<{ run: RunResult; printed: Record<string, string>; errors: Record<string, string> }> {
  const script = [
    'import { createRequire } from "node:module";',
    'import { resolve } from "node:path";',
    'import { pathToFileURL } from "node:url";',
    "const printed = {};",
    "const errors = {};",
    "const log = console.log;",
    "const home = process.cwd();",
    "for (const c of JSON.parse(process.argv[2])) {",
    '  printed[c.name] = "";',
    '  console.log = (...args) => { printed[c.name] += args.join(" ") + "\\n"; };',
    "  process.chdir(resolve(home, c.cwd));",
    "  const file = resolve(home, c.file);",
    "  try {",
    '    if (c.load === "require") createRequire(file)(file);',
    "    else await import(pathToFileURL(file).href);",
    "  } catch (err) {",
    "    errors[c.name] = String(err?.stack ?? err);",
    "  } finally {",
    "    console.log = log;",
    "    process.chdir(home);",
    "  }",
    "}",
    "process.stdout.write(JSON.stringify({ printed, errors }));",
    "",
  ].join("\n");
  await writeFile(join(cwd, "run-consumers.mjs"), script);
  const run = await runCommand(
    process.execPath,
    ["run-consumers.mjs", JSON.stringify(consumers.map((c) => ({ ...c, cwd: c.cwd ?? "." })))],
    cwd,
  );
  const { printed, errors } = (run.code === 0 ? JSON.parse(run.stdout) : { printed: {}, errors: {} }) as {
    printed: Record<string, string>;
    errors: Record<string, string>;
  };
  return { run, printed, errors };
}

/** The module resolutions an ES-module consumer of a packed package is compiled with. */
export const RESOLUTIONS = ["nodenext", "bundler"] as const;

/** What `compileAndRunConsumers` gives: tsc's run, and the consumers' run when tsc passed. */
export type ConsumersRun = { tsc: RunResult; node: Awaited<ReturnType<typeof runConsumers>> | undefined };

/**
 * The consumers of a package installed in `consumer`: a CommonJS app in `cjs-app/` (its own package.json says
 * commonjs; it resolves the package from the folder above) and the ES module `esmSource` gives for each
 * resolution, compiled by one tsc build (`buildConsumers`), then run by one Node process with the `more`
 * consumers (files already in `consumer`, run after them). `timed` wraps each of the two steps.
 */
export async function compileAndRunConsumers(
  consumer: string,
  cjsApp: Record<string, string>,
  esmSource: (resolution: (typeof RESOLUTIONS)[number]) => string | Promise<string>,
  options: { timed?: <T>(step: string, work: () => Promise<T>) => Promise<T>; more?: Consumer[] } = {},
): Promise<ConsumersRun> {
  const timed: NonNullable<typeof options.timed> = options.timed ?? ((_step, work) => work());
  await writeFiles(join(consumer, "cjs-app"), cjsApp);
  for (const resolution of RESOLUTIONS) await writeFiles(consumer, consumerFiles(resolution, await esmSource(resolution)));
  const tsc = await timed("tsc", () =>
    buildConsumers(consumer, ["cjs-app/tsconfig.json", ...RESOLUTIONS.map((r) => `tsconfig.${r}.json`)]),
  );
  if (tsc.code !== 0) return { tsc, node: undefined };
  const node = await timed("node", () =>
    runConsumers(consumer, [
      { name: "cjs", file: "cjs-app/out/app.js", load: "require", cwd: "cjs-app" },
      ...RESOLUTIONS.map((r) => ({ name: r, file: `out-${r}/consumer.js`, load: "import" as const })),
      ...(options.more ?? []),
    ]),
  );
  return { tsc, node };
}
