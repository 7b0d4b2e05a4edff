/**
 * `cws-docgen generate --watch`: it edits files in a temporary project and waits (polling, with a
 * generous timeout) for the new outputs and the summary lines. The watch runs in this process
 * (`runInProcess`), ended as the bin's SIGINT or SIGTERM end it (`io.signal`); as a real process where
 * the process is the point: the bin's own SIGINT, sent during a rebuild's write, and the TypeScript
 * thread, which only the built bundle has (that watch ends by a real SIGTERM).
 */
import { watch } from "node:fs";
import { cp, readdir, rename, rm, symlink } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  MASTER_SCHEMA,
  ROOT,
  type RunResult,
  type Printing,
  type Running,
  copyBundle,
  copyProject,
  join,
  readFile,
  runCli,
  runInProcess,
  spawnCli,
  tempDir,
  waitFor,
  writeFile,
  writeFiles,
} from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
let running: Running | undefined;
let inProcess: Watch | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
  running = undefined;
  // A watch still running (a test that failed midway) ends before its folder goes, and gives back the cwd.
  await inProcess?.stop("SIGTERM");
  inProcess = undefined;
  await cleanup();
});

function watchProcess(args: string[] = [], options: { cli?: string; env?: NodeJS.ProcessEnv } = {}): Running {
  running = spawnCli(["generate", "--watch", ...args], { cwd: dir, cli: options.cli, env: { FORCE_COLOR: undefined, ...options.env } });
  return running;
}

/** A watch in this process: what it has printed so far, and `stop`, which ends it as the bin's signal does and gives how it ended. */
interface Watch extends Printing {
  stop: (signal: "SIGINT" | "SIGTERM") => Promise<RunResult>;
}

function watchInProcess(args: string[] = []): Watch {
  const stop = new AbortController();
  const printed = { stdout: "", stderr: "" };
  let ended = false;
  const end = runInProcess(["generate", "--watch", ...args], {
    cwd: dir,
    signal: stop.signal,
    onOutput: (stream, text) => {
      printed[stream] += text;
    },
  }).finally(() => (ended = true));
  inProcess = {
    stdout: () => printed.stdout,
    stderr: () => printed.stderr,
    ended: () => ended,
    stop: (signal) => {
      stop.abort(signal);
      return end;
    },
  };
  return inProcess;
}

const read = (file: string) => readFile(join(dir, file), "utf8").catch(() => "");
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe("cws-docgen generate --watch", () => {
  it("follows schema edits, keeps the last good outputs through a broken edit, picks up the next good one, and ends with code 0 when stopped (as by SIGINT)", async () => {
    await copyProject(dir);
    const schemaFile = join(dir, "schema/backend.schema.json");
    const schema = JSON.parse(await readFile(schemaFile, "utf8"));
    const w = watchInProcess();
    await waitFor("the first build", () => w.stdout().includes("watching"), w);
    expect(w.stdout()).toMatch(
      /^built in \d+ ms: no output changed \(3 unchanged\)\nwatching 3 files and the partials for changes; press Ctrl-C to stop\n$/,
    );

    // A good edit: the page and the types follow.
    schema.definitions.ContainerContext.properties.id.description = "Container identifier";
    await writeFile(schemaFile, JSON.stringify(schema, null, 4));
    await waitFor(
      "the edited description on the page",
      async () => (await read("docs/backend.md")).includes("| `id` | Container identifier |"),
      w,
    );
    await waitFor("the summary line", () => w.stdout().includes("rebuilt in"), w);
    expect(w.stdout()).toMatch(
      /\nrebuilt in \d+ ms after schema\/backend\.schema\.json changed: 3 outputs written: docs\/backend\.md, generated\/backend-event\.ts, generated\/backend-event\.validator\.ts\n$/,
    );
    expect(await read("generated/backend-event.ts")).toContain("Container identifier");
    const goodDocs = await read("docs/backend.md");
    const goodTypes = await read("generated/backend-event.ts");

    // A broken edit: the error is printed, the outputs stay as they were, the watch goes on.
    await writeFile(schemaFile, "{ broken");
    await waitFor("the build error", () => w.stderr().includes("build failed"), w);
    expect(w.stderr()).toMatch(
      /^build failed in \d+ ms after schema\/backend\.schema\.json changed; the outputs were left as they were\ncws-docgen: error: schema\/backend\.schema\.json:1:3: invalid JSON: unexpected character near "broken"\n {2}hint: /,
    );
    expect(await read("docs/backend.md")).toBe(goodDocs);
    expect(await read("generated/backend-event.ts")).toBe(goodTypes);
    expect((await readdir(join(dir, "docs"))).concat(await readdir(join(dir, "generated")))).toEqual([
      "backend.md",
      "backend-event.ts",
      "backend-event.validator.ts",
    ]);

    // The next good edit is picked up.
    schema.definitions.ContainerContext.properties.id.description = "Container ID, once more";
    await writeFile(schemaFile, JSON.stringify(schema, null, 4));
    await waitFor("the page after the fix", async () => (await read("docs/backend.md")).includes("| `id` | Container ID, once more |"), w);
    await waitFor("the second summary line", () => count(w.stdout(), /^rebuilt in/gm) === 2, w);

    expect((await w.stop("SIGINT")).code).toBe(0);
    expect(w.stdout()).toMatch(/\nstopped watching \(SIGINT\)\n$/);
    expect(w.stderr()).not.toContain("internal error");
  });

  it("follows the files the schema refers to (even one that appears later), the template, its partials and the config; debounces; ends with code 0 when stopped (as by SIGTERM)", async () => {
    const part = (description: string) =>
      JSON.stringify({ definitions: { Part: { type: "object", description, properties: { id: { type: "string" } } } } });
    const config = (title: string) =>
      JSON.stringify({
        pages: [{ name: "p", schema: "schema/main.json", template: "tpl/page.md.hbs", docs: "page.md", types: "out/types.ts", title }],
      });
    await writeFiles(dir, {
      "cws-docgen.config.json": config("First title"),
      "schema/main.json": JSON.stringify({ type: "object", properties: { part: { $ref: "parts.json#/definitions/Part" } } }),
      "schema/parts.json": part("Part one"),
      "tpl/page.md.hbs": "---\ntitle: {{yaml page.title}}\n---\n\n{{#each definitions}}{{> row}}\n{{/each}}",
      "tpl/partials/row.hbs": "- {{code name}}: {{text description}}",
    });
    const w = watchInProcess();
    await waitFor("the first build", () => w.stdout().includes("watching"), w);
    expect(w.stdout()).toMatch(
      /^built in \d+ ms: 3 outputs written: page\.md, out\/types\.ts, out\/types\.validator\.ts\nwatching 4 files and the partials for changes; press Ctrl-C to stop\n$/,
    );
    expect(await read("page.md")).toBe("---\ntitle: First title\n---\n\n- `Part`: Part one\n");
    let builds = 1;
    const rebuilt = async (what: string, page: string, cause: string) => {
      await waitFor(what, async () => (await read("page.md")) === page, w);
      builds++;
      await waitFor(`the summary line for ${what}`, () => count(w.stdout(), /^(re)?built in/gm) === builds, w);
      expect(w.stdout().trimEnd().split("\n").at(-1)).toMatch(
        new RegExp(
          `^rebuilt in \\d+ ms after ${cause.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} changed: \\d+ outputs? written(, \\d+ unchanged)?: page\\.md`,
        ),
      );
    };

    // A file the schema refers to.
    await writeFile(join(dir, "schema/parts.json"), part("Part two"));
    await rebuilt("the referenced file's edit", "---\ntitle: First title\n---\n\n- `Part`: Part two\n", "schema/parts.json");

    // A partial, then the config.
    await writeFile(join(dir, "tpl/partials/row.hbs"), "* {{code name}}: {{text description}}");
    await rebuilt("the partial's edit", "---\ntitle: First title\n---\n\n* `Part`: Part two\n", "tpl/partials/row.hbs");
    await writeFile(join(dir, "cws-docgen.config.json"), config("Second title"));
    await rebuilt("the config's edit", "---\ntitle: Second title\n---\n\n* `Part`: Part two\n", "cws-docgen.config.json");

    // An editor-style save (write a new file, rename it over the old one) that refers to a file that does not exist yet:
    // the build fails, then creating that file is enough.
    await writeFile(
      join(dir, "schema/.main.json.swp"),
      JSON.stringify({
        type: "object",
        properties: { part: { $ref: "parts.json#/definitions/Part" }, more: { $ref: "more/more.json#/definitions/More" } },
      }),
    );
    await rename(join(dir, "schema/.main.json.swp"), join(dir, "schema/main.json"));
    await waitFor("the missing file's error", () => w.stderr().includes("build failed"), w);
    expect(w.stderr()).toMatch(
      /cannot read the schema: no such file \(referenced from .*schema\/main\.json at \/properties\/more\/\$ref\)/,
    );
    await writeFiles(dir, {
      "schema/more/more.json": JSON.stringify({ definitions: { More: { type: "object", description: "More one" } } }),
    });
    await waitFor("the page with the new file", async () => (await read("page.md")).includes("* `More`: More one"), w);
    builds++;
    await waitFor("its summary line", () => count(w.stdout(), /^(re)?built in/gm) === builds, w);
    await writeFile(
      join(dir, "schema/more/more.json"),
      JSON.stringify({ definitions: { More: { type: "object", description: "More two" } } }),
    );
    await rebuilt(
      "the new file's edit",
      "---\ntitle: Second title\n---\n\n* `Part`: Part two\n* `More`: More two\n",
      "schema/more/more.json",
    );

    // Debounced: a burst of saves is one rebuild (or very few), and the last save wins.
    for (let i = 1; i <= 5; i++) await writeFile(join(dir, "schema/parts.json"), part(`Burst ${i}`));
    await waitFor("the last save of the burst", async () => (await read("page.md")).includes("Part`: Burst 5"), w);
    await new Promise((r) => setTimeout(r, 300));
    const burst = count(w.stdout(), /^(re)?built in/gm) - builds;
    expect(burst).toBeGreaterThanOrEqual(1);
    expect(burst).toBeLessThan(5);
    // The page is written in a watched folder (the config's): that is never a reason to build again.
    expect(w.stdout()).not.toMatch(/after [^\n]*(page\.md|types\.ts)[^\n]* changed/);
    expect(w.stdout()).not.toContain("no output changed");

    expect((await w.stop("SIGTERM")).code).toBe(0);
    expect(w.stdout()).toMatch(/\nstopped watching \(SIGTERM\)\n$/);
  });
});

describe("generate --watch: the config stays watched whatever a build's failure; one short line per rebuild", () => {
  it("a config that names itself, then the schema, as an output is refused each time, and each fix of the config is built; with many pages, a rebuild's line counts the outputs written and unchanged, and names only the first few written", async () => {
    const config = (docs: string, types = "out/types.ts") =>
      JSON.stringify({ pages: [{ name: "p", schema: "schema/s.json", docs, types }] });
    const schema = (description: string) => JSON.stringify({ type: "object", properties: { a: { type: "string", description } } });
    await writeFiles(dir, { "cws-docgen.config.json": config("cws-docgen.config.json"), "schema/s.json": schema("First") });
    const w = watchInProcess();
    // The first build is refused: the config would be overwritten.
    await waitFor("the refused first build", () => w.stderr().includes("so nothing was written"), w);
    expect(w.stderr()).toMatch(
      /^build failed in \d+ ms; the outputs were left as they were\ncws-docgen: error: cws-docgen\.config\.json: this output is the same file as the input cws-docgen\.config\.json/,
    );
    await waitFor("the watch", () => w.stdout().includes("watching"), w);

    // The fix is in the config, which is still watched.
    await writeFile(join(dir, "cws-docgen.config.json"), config("page.md"));
    await waitFor(
      "the build after the config's fix",
      () => /^rebuilt in \d+ ms after cws-docgen\.config\.json changed: \d+ outputs? written(, \d+ unchanged)?: page\.md/m.test(w.stdout()),
      w,
    );
    expect(await read("page.md")).toContain("First");

    // A later build refused for another output that is an input (the schema): the schema and the config stay watched.
    await writeFile(join(dir, "cws-docgen.config.json"), config("page.md", "schema/s.json"));
    await waitFor("the second refusal", () => count(w.stderr(), /^build failed/gm) === 2, w);
    expect(w.stderr().split("build failed").at(-1)).toContain("this output is the same file as the input schema/s.json");
    expect(await read("schema/s.json")).toBe(schema("First"));
    await writeFile(join(dir, "cws-docgen.config.json"), config("page.md"));
    await waitFor(
      "the build after the second fix",
      () => count(w.stdout(), /^rebuilt in .* after cws-docgen\.config\.json changed/gm) === 2,
      w,
    );
    await writeFile(join(dir, "schema/s.json"), schema("Second"));
    await waitFor("the schema's edit on the page", async () => (await read("page.md")).includes("Second"), w);

    // Many pages: a config of six, then a template that changes the pages alone (the types are counted, not named).
    const pages = Array.from({ length: 6 }, (_, i) => ({
      name: `p${i}`,
      schema: "schema/s.json",
      template: "page.md.hbs",
      docs: `docs/p${i}.md`,
      types: `generated/p${i}.ts`,
    }));
    await writeFile(join(dir, "page.md.hbs"), "---\ntitle: first\n---\n");
    await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify({ pages }));
    const lastLine = (re: RegExp) =>
      w
        .stdout()
        .split("\n")
        .filter((l) => re.test(l))
        .at(-1);
    await waitFor("the six pages", () => lastLine(/^rebuilt in/)?.includes(" 18 outputs ") === true, w);
    expect(lastLine(/^rebuilt in/)).toMatch(
      /^rebuilt in \d+ ms after cws-docgen\.config\.json changed: 18 outputs written: docs\/p0\.md, generated\/p0\.ts, generated\/p0\.validator\.ts and 15 more$/,
    );
    await writeFile(join(dir, "page.md.hbs"), "---\ntitle: second\n---\n");
    await waitFor("the template's summary line", () => lastLine(/^rebuilt in/)?.includes("after page.md.hbs changed") === true, w);
    const line = lastLine(/^rebuilt in/)!;
    expect(line).toMatch(
      /^rebuilt in \d+ ms after page\.md\.hbs changed: 6 outputs written, 12 unchanged: docs\/p0\.md, docs\/p1\.md, docs\/p2\.md and 3 more$/,
    );
    expect(line.length).toBeLessThan(160);

    expect((await w.stop("SIGTERM")).code).toBe(0);
    expect(w.stderr()).not.toContain("internal error");
  });
});

describe("generate --watch in its own process", () => {
  it("SIGINT, sent once a rebuild writes: the rebuild is finished, write included, the watch stops, and the process exits 0", async () => {
    const schema = (description: string) => JSON.stringify({ type: "object", properties: { a: { type: "string", description } } });
    await writeFiles(dir, { "s.json": schema("First") });
    const w = watchProcess(["--schema", "s.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"]);
    await waitFor("the watch", () => w.stdout().includes("watching"), w);
    // The signal goes as soon as the rebuild's write has a temporary file next to an output.
    const seen = watch(join(dir, "out"), (_event, file) => {
      if (!String(file).includes(".tmp-")) return;
      seen.close();
      w.child.kill("SIGINT");
    });
    await writeFile(join(dir, "s.json"), schema("Second"));
    // A watch that ends otherwise fails below, with what it printed.
    const exited = await w.exited.finally(() => seen.close());
    expect(exited, w.stderr()).toEqual({ code: 0, signal: null });
    expect(w.stdout()).toMatch(
      /\nrebuilt in \d+ ms after s\.json changed: 3 outputs written: out\/page\.md, out\/types\.ts, out\/types\.validator\.ts\nstopped watching \(SIGINT\)\n$/,
    );
    expect(w.stderr()).toBe("");
    expect(await read("out/page.md")).toContain("Second");
    expect(await readdir(join(dir, "out"))).toEqual(["page.md", "types.ts", "types.validator.ts"]);
  });
});

describe("generate --watch when the TypeScript thread dies", () => {
  it("a build fails with one internal-error message and no stack (exit 3 when alone), the outputs stay as they were, and the next build starts a new thread; the bin's SIGTERM ends the watch with 0", async () => {
    // A copy of the package's bundle whose TypeScript ends the thread that loads it (as a crash would):
    // every other dependency is the project's own.
    const pkg = join(dir, "pkg");
    await copyBundle(pkg, ["typescript"]);
    await writeFiles(pkg, {
      "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "0.0.0", main: "lib/typescript.js" }),
      "node_modules/typescript/lib/typescript.js": "process.exit(7);\n",
    });
    await cp(MASTER_SCHEMA, join(dir, "schema.json"));
    const env = { CWS_DOCGEN_TS_THREAD: "always", CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
    // A single build: exit 3, one message, nothing written.
    const once = await runCli(["generate", "--schema", "schema.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"], {
      cwd: dir,
      env,
      cli: join(pkg, "dist/cli.js"),
    });
    expect(once.code).toBe(3);
    expect(once.stderr).toMatch(/^cws-docgen: internal error: the TypeScript thread stopped \(exit code 7\)\n {2}this is a bug/);
    expect(await readdir(dir)).not.toContain("out");
    const w = watchProcess(["--schema", "schema.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"], {
      cli: join(pkg, "dist/cli.js"),
      env,
    });
    await waitFor("the failed build", () => w.stderr().includes("build failed"), w);
    await waitFor("its message", () => w.stderr().includes("\n  this is a bug"), w);
    expect(w.stderr()).toContain("cws-docgen: internal error: the TypeScript thread stopped (exit code 7)\n");
    expect(w.stderr()).not.toMatch(/\n\s+at /);
    expect(await readdir(dir)).not.toContain("out");

    // TypeScript repaired: the next build gets a thread of its own, and writes everything.
    await rm(join(pkg, "node_modules/typescript"), { recursive: true });
    await symlink(join(ROOT, "node_modules/typescript"), join(pkg, "node_modules/typescript"), "dir");
    await writeFile(join(dir, "schema.json"), (await read("schema.json")).replace('"Container ID"', '"Container identifier"'));
    await waitFor(
      "the rebuild",
      () =>
        /rebuilt in \d+ ms after schema\.json changed: 3 outputs written: out\/page\.md, out\/types\.ts, out\/types\.validator\.ts/.test(
          w.stdout(),
        ),
      w,
    );
    expect(await read("out/types.ts")).toContain("export interface Schema ");
    expect(await read("out/page.md")).toContain("Container identifier");
    // The bin's SIGTERM, as its SIGINT above.
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stdout()).toMatch(/\nstopped watching \(SIGTERM\)\n$/);
  });
});

describe("generate --watch: one short line per rebuild", () => {
  it("--quiet prints only the failed builds, with their errors", async () => {
    const schema = (description: string) => JSON.stringify({ type: "object", properties: { a: { type: "string", description } } });
    await writeFiles(dir, { "s.json": schema("First") });
    const w = watchInProcess(["--quiet", "--no-types", "--schema", "s.json", "--docs-out", "page.md"]);
    await waitFor("the first page", async () => (await read("page.md")).includes("First"), w);
    await writeFile(join(dir, "s.json"), "{ broken");
    await waitFor("the failed build", () => w.stderr().includes("build failed"), w);
    await writeFile(join(dir, "s.json"), schema("Second"));
    await waitFor("the next page", async () => (await read("page.md")).includes("Second"), w);
    expect((await w.stop("SIGTERM")).code).toBe(0);
    expect(w.stdout()).toBe("");
    expect(w.stderr()).toMatch(
      /^build failed in \d+ ms after s\.json changed; the outputs were left as they were\ncws-docgen: error: s\.json:1:3: /,
    );
  });
});
