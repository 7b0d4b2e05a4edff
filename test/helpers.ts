/**
 * Shared test helpers: run the real CLI (helpers/run.ts), the real tsc (helpers/typescript.ts), in real
 * temporary folders (helpers/base.ts); and here, the fixtures, projects and pages the tests build on.
 */
import { execFile } from "node:child_process";
import { expect } from "vitest";
import { chmod, cp, readdir, readFile, symlink, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pageFields, type PageFields, type PageTexts } from "../scripts/config/page-fields.js";

export * from "./helpers/base.js";
export * from "./helpers/run.js";
export * from "./helpers/typescript.js";
import { CLI, FIXTURES, ROOT, writeFiles } from "./helpers/base.js";
import { runInProcess } from "./helpers/run.js";

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

/** The real later schemas (later versions of the master schema, Linux and Windows), by name, and each one's file. */
export { CORPUS_SCHEMAS, corpusSchemaFile } from "../scripts/dev/corpus.js";

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
