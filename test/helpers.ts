/** Shared test helpers: run the real CLI, the real tsc, in real temporary folders. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { expect } from "vitest";
import { chmod, cp, mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { pageFields, type PageFields, type PageTexts } from "../scripts/config/page-fields.js";
import type { Terminal } from "../scripts/cli/progress.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The built lint stage (dist/lint-HASH.js, the chunk the pipeline imports when a run reaches the
 * stage), for the tests of its worker threads: they run the bundle's lint-worker.js beside it,
 * which the TypeScript sources have none of. The package root does not export the stage.
 */
export async function builtLintStage(): Promise<typeof import("../scripts/stages/lint/lint.js")> {
  const chunks = (await readdir(join(ROOT, "dist"))).filter((f) => /^lint-[A-Z0-9]+\.js$/.test(f));
  expect(chunks, "one lint chunk in dist/ (npm run build)").toHaveLength(1);
  return import(join(ROOT, "dist", chunks[0]!));
}
export const CLI = join(ROOT, "dist/cli.js");
export const FIXTURES = join(ROOT, "test/fixtures");
export const SEED_PAGE = join(FIXTURES, "seed/backend.md");
export const MASTER_SCHEMA = join(ROOT, "schema/backend.schema.json");
/** The real later schemas (later versions of the master schema, Linux and Windows), by name, and each one's file. */
export { CORPUS_SCHEMAS, corpusSchemaFile } from "../scripts/dev/corpus.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment without FORCE_COLOR and NO_COLOR: the runs decide colours by their stdout (a pipe:
 * none), whatever the shell that started the suite set; a test that wants them sets them itself.
 */
export function withoutColourChoice(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = env;
  return rest;
}

/**
 * Runs `cws-docgen ARGS` as a subprocess, the way a user does; its stdin is `input` (by default
 * empty); `cli` is another copy of the built CLI. Colours: as `withoutColourChoice`, unless `env` sets them.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; cli?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...withoutColourChoice(process.env), ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input);
  });
}

/**
 * Runs `cws-docgen ARGS` in this process, through the command line's `run` (scripts/cli/run.ts), in `cwd`,
 * with `env` laid over the process's environment (a key set to undefined is removed) and `input` as what
 * `--schema -` reads (by default nothing): for what needs no process of its own (the process's signals, a
 * pipe's reader going away, a shell's exit code and the published bundle do: `runCli`, `spawnCli`). A watch
 * or a preview runs until `signal` is aborted, as the bin's SIGINT or SIGTERM end it; `onOutput` sees what
 * it prints as it prints it. `progress` is where the progress line goes (the process's stderr, for the
 * executable): by default none. The cwd and the environment are put back after the run (`inFolder`); tests in
 * one file run one after another, so nothing sees them changed. Colours as `runCli`'s: none unless `isTTY`
 * and the environment allow them.
 */
export async function runInProcess(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    isTTY?: boolean;
    progress?: Terminal;
    signal?: AbortSignal;
    onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  } = {},
): Promise<RunResult> {
  const { run } = await import("../scripts/cli/run.js");
  let stdout = "";
  let stderr = "";
  const end = await inFolder(options.cwd ?? ROOT, options.env ?? {}, () =>
    run(args, {
      stdout: (s) => {
        stdout += s;
        options.onOutput?.("stdout", s);
      },
      stderr: (s) => {
        stderr += s;
        options.onOutput?.("stderr", s);
      },
      isTTY: options.isTTY === true,
      progress: options.progress,
      env: { ...withoutColourChoice(process.env), ...options.env },
      stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
      signal: options.signal,
    }),
  );
  return { code: end.code, stdout, stderr };
}

/** Runs `work` in `cwd`, with `env` laid over the process's environment (a key set to undefined is removed); both are put back after. */
export async function inFolder<T>(cwd: string, env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: NodeJS.ProcessEnv) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  process.chdir(cwd);
  set(env);
  try {
    return await work();
  } finally {
    set(saved);
    process.chdir(before);
  }
}

/** TypeScript's own library files, parsed once per test process and shared by every `runTsc` (they never change). */
const tsLibFiles = new Map<string, import("typescript").SourceFile | undefined>();

/**
 * The package's built library (dist/index.js), loaded by Node itself in this process (vitest's transform would
 * change what the bundle's CommonJS shims see): its builds are the built CLI's, with the bundle's build cache
 * entries and the TypeScript thread, which the sources have none of.
 */
export function builtPackage(): typeof import("../scripts/index.js") {
  return createRequire(import.meta.url)(join(ROOT, "dist/index.js"));
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
  const configProblems: import("typescript").Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(join(cwd, "tsconfig.json"), undefined, {
    ...ts.sys,
    getCurrentDirectory: () => cwd,
    onUnRecoverableConfigFileDiagnostic: (d) => configProblems.push(d),
  });
  if (!parsed) return { code: 1, stdout: ts.formatDiagnostics(configProblems, format), stderr: "" };
  const host = ts.createCompilerHost(parsed.options);
  host.getCurrentDirectory = () => cwd;
  const libFolder = dirname(ts.getDefaultLibFilePath(parsed.options));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (dirname(fileName) !== libFolder) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!tsLibFiles.has(key)) tsLibFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return tsLibFiles.get(key);
  };
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

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = "cws-docgen-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh temporary folder whose node_modules is the project's: generated validators import ajv-formats from there, as a consumer's would. */
export async function tempDirWithModules(prefix?: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const t = await tempDir(prefix);
  await symlink(join(ROOT, "node_modules"), join(t.dir, "node_modules"), "dir");
  return t;
}

/**
 * A copy of the package's bundle in `pkg` (`pkg/dist/cli.js` runs as the installed CLI does), beside links
 * to what it reads at run time: the templates and `node_modules`, whose entries in `without` are left out
 * (a test puts its own there).
 */
export async function copyBundle(pkg: string, without: string[] = []): Promise<void> {
  await mkdir(join(pkg, "dist"), { recursive: true });
  for (const f of (await readdir(join(ROOT, "dist"))).filter((f) => f.endsWith(".js") || f === "generator.json"))
    await cp(join(ROOT, "dist", f), join(pkg, "dist", f));
  await cp(join(ROOT, "package.json"), join(pkg, "package.json"));
  await symlink(join(ROOT, "templates"), join(pkg, "templates"), "dir");
  if (without.length === 0) {
    await symlink(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
    return;
  }
  await mkdir(join(pkg, "node_modules"));
  for (const name of await readdir(join(ROOT, "node_modules")))
    if (!without.includes(name)) await symlink(join(ROOT, "node_modules", name), join(pkg, "node_modules", name), "dir");
}

/** The config `generatePagesInProcess` builds: each schema a page (`name/schema` → `name/out/page.md`, `name/out/types.ts`). */
async function writePagesConfig(dir: string, pages: { name: string; schema: string }[]): Promise<void> {
  const config = pages.map((p) => ({
    name: p.name,
    schema: `${p.name}/${p.schema}`,
    docs: `${p.name}/out/page.md`,
    types: `${p.name}/out/types.ts`,
  }));
  await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify({ pages: config }));
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

/** Runs a command (npm, an installed bin, node) with npm's environment, for the tests of installed packages. */
export function runCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, env: npmEnv({ npm_config_update_notifier: "false", ...env }) },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The environment for a run of npm: the suite's, with NODE_EXTRA_CA_CERTS as it was before the
 * suite took it out (test/global-setup.ts: no other process the tests start talks TLS), since npm
 * may reach the registry.
 */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CWS_DOCGEN_TEST_EXTRA_CA_CERTS: ca, ...env } = process.env;
  return { ...env, ...(ca !== undefined ? { NODE_EXTRA_CA_CERTS: ca } : {}), ...extra };
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

export { cp, readFile, writeFile, join };

/** The files of this project a run of the default config reads and writes (config, schema, templates, outputs). */
const PROJECT_FILES = [
  "cws-docgen.config.json",
  "schema/backend.schema.json",
  "templates",
  "docs/backend.md",
  "generated/backend-event.ts",
  "generated/backend-event.validator.ts",
  "config.schema.json",
];

/**
 * A copy of the project's config, schema, templates and committed outputs in
 * `to`; returns `to`. The copy's config builds the page, the types and the
 * validator, without the events package, the attribute index and the
 * attributes page: the CLI's
 * tests are about those outputs; test/e2e/events-package.test.ts is about the
 * package, test/e2e/attributes-output.test.ts about the index,
 * test/e2e/attributes-page.test.ts about the attributes page.
 */
export async function copyProject(to: string): Promise<string> {
  for (const f of PROJECT_FILES) await cp(join(ROOT, f), join(to, f), { recursive: true });
  const config = JSON.parse(await readFile(join(to, "cws-docgen.config.json"), "utf8")) as {
    pages: { package?: unknown; attributes?: unknown; reference?: unknown }[];
  };
  // The attributes page (a page with a reference) is test/e2e/attributes-page.test.ts's.
  config.pages = config.pages.filter((page) => page.reference === undefined);
  for (const page of config.pages) {
    delete page.package;
    delete page.attributes;
  }
  await writeFile(join(to, "cws-docgen.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  return to;
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
 * Lines of a consumer's TypeScript: `summary(value)` runs the validator and the
 * type guard on a value and says what each found (the two packed-package tests).
 */
export const SUMMARY_SOURCE = [
  "function summary(value: unknown) {",
  "  const result: ValidationResult<BackendEvent> = validateBackendEvent(value);",
  "  const guard = isBackendEvent(value);",
  "  if (result.valid) {",
  "    const event: BackendEvent = result.event;",
  "    return { valid: true, guard, same: event === value };",
  "  }",
  "  const errors: ValidationError[] = result.errors;",
  "  return { valid: false, guard, errors };",
  "}",
];

/** A small schema for the CI recipes' projects: `id` required, `size` optional (removing it is a breaking change). */
export const SMALL_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Event",
  type: "object",
  properties: {
    id: { type: "string", description: "The event's id" },
    size: { type: "integer", description: "Its size in bytes" },
  },
  required: ["id"],
  additionalProperties: false,
};

/** Runs git in `cwd` (a fixed identity, no user config), and returns its stdout; throws when git fails. */
export function git(cwd: string, args: string[]): Promise<string> {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  const identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"];
  return new Promise((resolve, reject) => {
    execFile("git", [...identity, ...args], { cwd, env }, (err, stdout, stderr) =>
      err ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolve(stdout),
    );
  });
}

/**
 * A user's project in `dir`, as the CI recipes find it: a git repository with one commit holding
 * a package.json, `cws-docgen.config.json` (one page of SMALL_SCHEMA), the schema and the
 * outputs `generate` wrote, and cws-docgen installed as `npx` finds it
 * (`node_modules/.bin/cws-docgen`, a shim to the built CLI; not committed). Returns the commit.
 */
export async function gitProject(dir: string): Promise<string> {
  await writeFiles(dir, {
    "package.json": `${JSON.stringify({ name: "schema-project", private: true, devDependencies: { "cws-docgen": "*" } }, null, 2)}\n`,
    ".gitignore": "node_modules/\n",
    "cws-docgen.config.json": `${JSON.stringify(
      { pages: [{ name: "event", schema: "schema/event.schema.json", docs: "docs/event.md", types: "generated/event.ts" }] },
      null,
      2,
    )}\n`,
    "schema/event.schema.json": `${JSON.stringify(SMALL_SCHEMA, null, 2)}\n`,
    "node_modules/.bin/cws-docgen": `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`,
  });
  await chmod(join(dir, "node_modules/.bin/cws-docgen"), 0o755);
  const generated = await runInProcess(["generate"], { cwd: dir });
  if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  await git(dir, ["init", "-q", "-b", "main"]);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "schema and outputs"]);
  return (await git(dir, ["rev-parse", "HEAD"])).trim();
}

/**
 * A page from its schema's JSON on, without the link definitions at its end: what the seed page and a page of
 * the master schema built with other texts (the neutral defaults) have in common.
 */
export function fromSchemaJson(page: string): string {
  return page.slice(page.indexOf("\n{\n")).replace(/\n+(\[[^\]\n]+\]: \S+\n)+$/, "\n");
}

/** Datadog's texts for its CWS pages (test/fixtures/datadog-page.json), as this repository's config gives them to its `backend` page. */
export const DATADOG_TEXTS = JSON.parse(await readFile(join(FIXTURES, "datadog-page.json"), "utf8")) as {
  title: string;
  description: string;
  rootType: string;
  fields: { intro: string[]; schemaFilename: string; links: { label: string; url: string }[]; banner: string };
};

/**
 * A config page's root type, texts and banner for a page built from one of Datadog's schemas (the corpus, the
 * seed): with these its page is the one published, whatever the neutral defaults are. `fields` go over Datadog's.
 */
export function datadogPage(fields: Record<string, unknown> = {}): { rootType: string; texts: PageTexts; banner: string } {
  const { rootType, ...texts } = structuredClone(DATADOG_TEXTS);
  return { rootType, texts: { ...texts, fields: { ...texts.fields, ...fields } }, banner: texts.fields.banner };
}

/** The template's `page` of a page with Datadog's texts (`fields` over them), for the tests that render a model directly. */
export function datadogFields(fields: Record<string, unknown> = {}): PageFields {
  const { texts } = datadogPage(fields);
  return pageFields(texts, { title: DATADOG_TEXTS.title, description: DATADOG_TEXTS.description, ...(texts.fields as object) });
}

/** A command that keeps running (`generate --watch`, `preview`): its process, what it has printed so far, and how it ended. */
export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node CLI ARGS` in `cwd` (`cli`: another built CLI, such as an installed package's), collecting what it prints. */
export function spawnCli(args: string[], options: { cwd: string; cli?: string; env?: NodeJS.ProcessEnv }): Running {
  const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Polls until `check` holds (a check that throws has not held yet); fails with what the command printed
 * when it ends first, or after `timeoutMs`, generous: a hang, not slowness, is what it catches.
 */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, r: Running, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    const said = `\n--- stdout:\n${r.stdout()}\n--- stderr:\n${r.stderr()}`;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${said}`);
    if (r.child.exitCode !== null) throw new Error(`the command ended (code ${r.child.exitCode}) before ${what}${said}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Builds several schemas with one run of the command line in this process (`runInProcess`): `generate
 * --config` on a config, written in `dir`, that lists each as a page (`name/schema` → `name/out/page.md`,
 * `name/out/types.ts`).
 */
export async function generatePagesInProcess(
  dir: string,
  pages: { name: string; schema: string }[],
  args: string[] = [],
): Promise<RunResult> {
  await writePagesConfig(dir, pages);
  return runInProcess(["generate", "--config", "cws-docgen.config.json", ...args], { cwd: dir });
}

/**
 * Compiles several TypeScript projects of a consumer (each tsconfig with its own options: `consumerFiles`,
 * `commonJsApp`) as one `tsc -b` does, in this process: TypeScript's solution builder, the one behind
 * tsc's build mode, on the tsconfigs in `cwd`. Its stdout is what tsc would print (each diagnostic, and
 * each status line, file names relative to `cwd`), its code tsc's exit code.
 */
async function buildConsumers(cwd: string, tsconfigs: string[]): Promise<RunResult> {
  const { default: ts } = await import("typescript");
  let stdout = "";
  const formatHost = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => cwd, getNewLine: () => "\n" };
  const report = (d: import("typescript").Diagnostic) => (stdout += ts.formatDiagnostic(d, formatHost));
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, report);
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

/** Not run from an npm script: the stale hint then names only the cws-docgen command. */
export const NO_NPM = { npm_lifecycle_event: "", npm_package_json: "" };
