#!/usr/bin/env node
/**
 * The build: esbuild bundles the command line, the library, the events
 * runtime and the lint worker into dist/ (ES modules, code split into shared
 * chunks that load only when a stage needs them), and the dev tools into
 * dist/dev/ (never in the package). Plain JavaScript, so that it runs on a
 * fresh clone before anything is built.
 *
 *   node scripts/dev/build.mjs              build
 *   node scripts/dev/build.mjs --if-stale   build only the parts (PARTS) with a source newer than their last build
 *   node scripts/dev/build.mjs --stale      print each part and whether it is current; build nothing
 *   node scripts/dev/build.mjs --types      also write the package's declarations: one file per entry of the
 *                                          package (dist/index.d.ts, dist/events.d.ts), rolled up by
 *                                          dts-bundle-generator (with --if-stale, only when a source is
 *                                          newer than the last ones)
 *   node scripts/dev/build.mjs --if-stale --run ARGS…
 *                                          then run the built CLI with ARGS in this same process
 *                                          (npm run generate / check: one Node start, not two)
 *
 * Before it bundles, a build writes the sources that are made, not written
 * (scripts/dev/generated-sources.ts: the `.generated.ts` files it lists are
 * git-ignored; config.schema.json is committed): esbuild bundles that module
 * alone first, since the bundles import what it makes.
 *
 * A build never empties dist/ first: a command already running from it may
 * still load a chunk. Outputs of the same sources are the same bytes.
 *
 * Type checking is `npm run typecheck` (tsc --noEmit), not part of the build.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** The bundle's hash (generatorHash), which the build cache's key takes. */
const FINGERPRINT = join(ROOT, "dist/generator.json");

/**
 * The build in two parts, each current while none of its inputs is newer than its stamp. The
 * generator (the command line, the library, the workers) is made from scripts/ alone: what
 * `generate` writes into generated/ never makes it stale, nor changes its hash, so a generate after
 * a generate starts at once and hits the build cache. What reads generated/ (the events entry, the
 * repository's own page's types and validator, and the dev tools, which import it) is the second
 * part, made again when generated/ changes; `--run` (npm run generate, check) needs only the first.
 * The made sources' inputs are among the generator's: their generators and what those read in
 * scripts/, and Ajv's meta-schemas and TypeScript's lib files, whose versions the lock file holds.
 */
const PARTS = {
  generator: { stamp: join(ROOT, "dist/.build-stamp"), inputs: ["scripts", "package.json", "package-lock.json"] },
  readers: { stamp: join(ROOT, "dist/.readers-stamp"), inputs: ["scripts", "generated", "package.json", "package-lock.json"] },
};

/**
 * The files the build makes before it bundles (GENERATED_SOURCES of scripts/dev/generated-sources.ts,
 * which a test compares with this list): the build is not current while one is missing.
 */
export const GENERATED_SOURCES = [
  "scripts/config/config-shape.generated.ts",
  "config.schema.json",
  "scripts/core/meta-schemas/draft-04.generated.ts",
  "scripts/core/meta-schemas/draft-06.generated.ts",
  "scripts/core/meta-schemas/draft-07.generated.ts",
  "scripts/core/meta-schemas/2019-09.generated.ts",
  "scripts/core/meta-schemas/2020-12.generated.ts",
  "scripts/stages/emit-package.runtime.generated.ts",
  "scripts/core/ts-globals.generated.ts",
];

/**
 * The libraries the bundle leaves in node_modules, loaded at run time: TypeScript (loaded by the
 * verify stage's own thread with require()) and Prettier (only for a line format-ts is not sure of).
 * Exported for the test that checks the build cache's key covers them (core/libraries.ts).
 */
export const RUNTIME_EXTERNALS = ["typescript", "prettier"];

/** The entry points of the package that make the generator, by output name. */
const GENERATOR = {
  cli: "scripts/cli/bin.ts",
  index: "scripts/index.ts",
  "lint-worker": "scripts/stages/lint/worker.ts",
  "verify-worker": "scripts/stages/verify-worker.ts",
};
/** The package's events entry: the repository's own page's generated types and validator, one file with nothing shared. */
const EVENTS = { events: "scripts/runtime/events.ts" };

/** The modules of scripts/dev/ that are no tool of their own: other tools and the build import them. */
const DEV_MODULES = new Set([
  "synthetic.ts",
  "hugo-site.ts",
  "standalone.ts",
  "generated-sources.ts",
  "build-config-shape.ts",
  "build-meta-schemas.ts",
  "build-events-runtime.ts",
  "build-ts-globals.ts",
  "bench-timings.ts",
  "publish-check-pages.ts",
]);

/**
 * Developer tools, each its own bundle under dist/dev/: the modules directly in scripts/dev/, but
 * DEV_MODULES. A tool's own parts go in a folder of scripts/dev/ (guides/, bench/, publish-check/),
 * which is never an entry.
 */
const DEV = Object.fromEntries(
  readdirSync(join(ROOT, "scripts/dev"))
    .filter((f) => f.endsWith(".ts") && !DEV_MODULES.has(f))
    .map((f) => [f.replace(/\.ts$/, ""), `scripts/dev/${f}`]),
);

/** Each input's newest modification time (a folder walked), found once per run: the parts share their inputs. */
const newestOf = new Map();

/** The newest modification time among `inputs` (files and folders, walked) and this build script. */
function newestInput(inputs) {
  const newest = (path) => {
    if (!newestOf.has(path)) {
      const info = statSync(path, { throwIfNoEntry: false });
      newestOf.set(
        path,
        !info ? 0 : info.isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : info.mtimeMs,
      );
    }
    return newestOf.get(path);
  };
  return Math.max(newest(fileURLToPath(import.meta.url)), ...inputs.map((input) => newest(join(ROOT, input))));
}

/** Whether a part of the build (PARTS) is current: its stamp no older than its inputs, and what it makes there. */
function isCurrent(part) {
  const { stamp, inputs } = PARTS[part];
  const made =
    part === "generator"
      ? existsSync(FINGERPRINT) &&
        Object.keys(GENERATOR).every((name) => existsSync(join(ROOT, `dist/${name}.js`))) &&
        GENERATED_SOURCES.every((file) => existsSync(join(ROOT, file)))
      : Object.keys(EVENTS).every((name) => existsSync(join(ROOT, `dist/${name}.js`))) &&
        Object.keys(DEV).every((name) => existsSync(join(ROOT, `dist/dev/${name}.js`)));
  return made && (statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? -1) >= newestInput(inputs);
}

/**
 * json-schema-to-typescript requires Prettier at its top, for its `format` option; cws-docgen
 * always runs it with `format: false` (core/format-ts.ts lays the code out, and loads Prettier
 * itself for what it is not sure of), so in the bundle its Prettier is a stub that refuses.
 */
const noPrettierInJson2ts = {
  name: "no-prettier-in-json2ts",
  setup(build) {
    build.onResolve({ filter: /^prettier$/ }, (args) =>
      /[\\/]node_modules[\\/]json-schema-to-typescript[\\/]/.test(args.importer)
        ? { path: "prettier", namespace: "json2ts-prettier" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "json2ts-prettier" }, () => ({
      contents:
        'exports.format = () => { throw new Error("cws-docgen runs json-schema-to-typescript with format: false; its Prettier is not bundled"); };',
      loader: "js",
    }));
  },
};

/**
 * Writes the made sources (scripts/dev/generated-sources.ts). Its generators import only what exists
 * before a build (none of the files they make), so esbuild bundles that module alone, with the
 * dev tools' settings, into a file beside the dev tools (for node_modules to resolve its
 * imports), which runs it and is then removed.
 */
async function generateSources(esbuild, common) {
  const out = join(ROOT, "dist/dev/.generated-sources.mjs");
  await esbuild.build({
    ...common,
    splitting: false,
    entryPoints: ["scripts/dev/generated-sources.ts"],
    outfile: out,
    legalComments: "none",
  });
  try {
    const { writeGeneratedSources } = await import(`${pathToFileURL(out).href}?${Date.now()}`);
    for (const file of await writeGeneratedSources(ROOT)) console.log(`wrote ${file}`);
  } finally {
    rmSync(out, { force: true });
  }
}

/** esbuild's options for every part, from package.json's dependencies. */
function commonOptions() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  return {
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    // The libraries the stages run are bundled in: Node's module loader costs more for their
    // hundreds of small files (remark's micromark alone is dozens of packages) than running them
    // does on a page (guides/performance.md has the figures).
    // They stay installed as dependencies: the events package copies Ajv's runtime and
    // ajv-formats' code from node_modules, and the build cache hashes their versions.
    // RUNTIME_EXTERNALS stay outside; the dev tools' libraries too.
    external: [...RUNTIME_EXTERNALS, ...Object.keys(pkg.devDependencies ?? {})],
    // jsonc-parser's `main` is a UMD build that requires its parts by computed names: its `module`, ES modules, bundles.
    mainFields: ["module", "main"],
    // The CommonJS libraries bundled in call require() for Node's own modules.
    banner: {
      js: 'import { createRequire as __cwsDocgenCreateRequire } from "node:module";\nconst require = __cwsDocgenCreateRequire(import.meta.url);',
    },
    plugins: [noPrettierInJson2ts],
    // Chunks beside the entries: the lint stage finds its worker as ./lint-worker.js from its chunk, the TypeScript thread ./verify-worker.js.
    chunkNames: "[name]-[hash]",
    // The bundled libraries' licence comments, at the end of each file.
    legalComments: "eof",
    logLevel: "warning",
    // Names stay as written: error messages and stack traces (CWS_DOCGEN_DEBUG=1) read as the sources.
    minify: false,
    keepNames: false,
    sourcemap: false,
  };
}

/** Removes the .js files of `dir` that `made` (a build's metafile outputs) does not hold, but `keep`: chunks of an earlier build (a new build's names are content hashes). */
function removeStale(dir, results, keep = []) {
  const made = new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => join(ROOT, f)));
  for (const name of readdirSync(dir))
    if (name.endsWith(".js") && !made.has(join(dir, name)) && !keep.includes(name)) rmSync(join(dir, name));
}

/** The generator: the made sources, then the package's entries but the events one, and their hash. */
async function buildGenerator(esbuild, common) {
  await generateSources(esbuild, common);
  const result = await esbuild.build({ ...common, entryPoints: GENERATOR, outdir: join(ROOT, "dist"), metafile: true });
  removeStale(
    join(ROOT, "dist"),
    [result],
    Object.keys(EVENTS).map((name) => `${name}.js`),
  );
  writeFileSync(FINGERPRINT, `${JSON.stringify(generatorHash(join(ROOT, "dist")), null, 2)}\n`);
  writeFileSync(PARTS.generator.stamp, "");
}

/** What reads generated/: the events entry (one file, sharing no chunk with the generator) and the dev tools. */
async function buildReaders(esbuild, common) {
  const [, dev] = await Promise.all([
    esbuild.build({ ...common, splitting: false, entryPoints: EVENTS, outdir: join(ROOT, "dist"), metafile: true }),
    esbuild.build({ ...common, entryPoints: DEV, outdir: join(ROOT, "dist/dev"), metafile: true }),
  ]);
  removeStale(join(ROOT, "dist/dev"), [dev]);
  writeFileSync(PARTS.readers.stamp, "");
}

/**
 * The generator's hash, for the build cache's key (scripts/pipeline/cache.ts reads it instead of
 * hashing the bundle on every run): SHA-256 over each of the generator's bundle files (dist/*.js but
 * the events entry, sorted by name: the name, then the bytes), and their names. Exported for the
 * test that recomputes it.
 */
export function generatorHash(dist) {
  const events = Object.keys(EVENTS).map((name) => `${name}.js`);
  const files = readdirSync(dist)
    .filter((name) => name.endsWith(".js") && !events.includes(name))
    .sort();
  const hash = createHash("sha256");
  for (const name of files) hash.update(name).update(readFileSync(join(dist, name)));
  return { sha256: hash.digest("hex"), files };
}

const TYPES_STAMP = join(ROOT, "dist/.types-stamp");

/**
 * The package's declarations, by output file: each entry of the package that has types, rolled
 * up with what it imports into one file, so that the package ships no declarations of the
 * modules behind them. A type a signature names but the entry does not export is written into
 * the file unexported (exportReferencedTypes: false): the entry's exports are the whole API.
 */
const DECLARATIONS = {
  "dist/index.d.ts": GENERATOR.index,
  "dist/events.d.ts": EVENTS.events,
};

async function writeDeclarations() {
  const { generateDtsBundle } = await import("dts-bundle-generator");
  const files = Object.keys(DECLARATIONS);
  const texts = generateDtsBundle(
    files.map((file) => ({ filePath: join(ROOT, DECLARATIONS[file]), output: { noBanner: true, exportReferencedTypes: false } })),
    { preferredConfigPath: join(ROOT, "tsconfig.json") },
  );
  for (const [i, file] of files.entries()) writeFileSync(join(ROOT, file), texts[i]);
}

// Run as a command (a test imports generatorHash without building).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const all = process.argv.slice(2);
  // `--run ARGS…`: then the built CLI with ARGS, in this process (npm run generate / check): one Node start instead of two.
  const at = all.indexOf("--run");
  const args = at === -1 ? all : all.slice(0, at);
  const ifStale = args.includes("--if-stale");
  if (args.includes("--stale")) {
    for (const part of Object.keys(PARTS)) console.log(`${part}: ${isCurrent(part) ? "current" : "stale"}`);
    process.exit(0);
  }
  // --run needs only the generator; any other build makes both parts current.
  const stale = Object.keys(PARTS).filter((part) => (part === "generator" || at === -1) && !(ifStale && isCurrent(part)));
  if (stale.length > 0) {
    const esbuild = await import("esbuild");
    const common = commonOptions();
    if (stale.includes("generator")) await buildGenerator(esbuild, common);
    if (stale.includes("readers")) await buildReaders(esbuild, common);
    // The build may have rewritten made sources under scripts/: walk again.
    newestOf.clear();
  }
  // Only --types reads the declarations' stamp (npm run generate and check never do).
  const typesCurrent = () =>
    (statSync(TYPES_STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= newestInput(PARTS.readers.inputs) &&
    Object.keys(DECLARATIONS).every((file) => existsSync(join(ROOT, file)));
  if (args.includes("--types") && !(ifStale && typesCurrent())) {
    await writeDeclarations();
    writeFileSync(TYPES_STAMP, "");
  }
  if (at !== -1) {
    const cli = join(ROOT, "dist/cli.js");
    process.argv = [process.argv[0], cli, ...all.slice(at + 1)];
    await import(pathToFileURL(cli).href);
  }
}
