/**
 * `cws-docgen generate --watch`: build, then rebuild whenever an input changes. The finding of the
 * inputs, the debounce and the end (`WatchStop`) are `watchInputs`, which takes the build as an action:
 * generate's (below) writes the outputs, `preview`'s (preview.ts) rewrites its site's pages.
 *
 * Inputs: the config file, each page's schema and every local file it refers
 * to, each page's template, and every partial (`*.hbs` in the built-in
 * `partials/` folder and in the one next to the template). The set is found
 * again after every build, so a new `$ref` to a new file is followed. The
 * config is watched whatever a build's failure; a file a page names as an
 * output is no input unless a build also reads it (then generate refuses the
 * page and writes nothing, and the fix is to be seen).
 *
 * Watching (chokidar): the folders that hold the inputs, one level deep, and
 * only events about inputs count; editors that save by writing a new file and
 * renaming it over the old one are seen like any other save. Events are
 * debounced; a rebuild that is asked for while one runs follows it.
 *
 * Each rebuild prints one short summary line: its duration, what changed, how many outputs it
 * wrote and left unchanged, and the names of the first few written. A failed build prints
 * its error and changes nothing on disk (generate writes only when every page
 * builds), and the watch goes on. Its `stop` ends it cleanly (in the bin, SIGINT (Ctrl-C) and
 * SIGTERM, which the bin listens to while a watch waits for them: run.ts): a build under way is
 * finished first (its write too: stages/write.ts leaves a signal that someone else listens to for
 * them to act on), and the command ends with code 0.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { resolvePages, validatorFileOf, type Overrides } from "../config/config.js";
import { CONFIG_FILE, findConfig } from "../config/find-config.js";
import { dereferenceSchema } from "../stages/dereference.js";
import { DocgenError, errorReport, printable } from "../core/problems.js";
import { loadSchema } from "../stages/load.js";
import { displayPath } from "../core/files.js";
import { generate, type BuildOptions, type Timings } from "../pipeline/pipeline.js";
import { BUILTIN_TEMPLATES } from "../stages/render.js";
import type { WriteResult } from "../stages/write.js";

export interface WatchOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** When given, the stage timings of each build are printed (on stderr) with it. */
  timings?: ((t: Timings) => string) | undefined;
}

/**
 * What ends a watch: `signal`'s abort, whose reason is the why it prints (`stopped watching (SIGINT)`);
 * `watching` is told when the watch starts waiting for it (true) and once it no longer does (false).
 * The bin's signal is aborted by SIGINT and SIGTERM, which it listens to only meanwhile (run.ts).
 */
export interface WatchStop {
  signal?: AbortSignal | undefined;
  watching?: ((on: boolean) => void) | undefined;
}

export interface WatchOptions {
  /** Quiet time after the last event before a rebuild starts. */
  debounceMs?: number;
  /** How each build runs (types, cache), as for `generate`. */
  build?: BuildOptions;
  /** What ends the watch (none: nothing does). */
  stop?: WatchStop;
}

/**
 * What a watch does with its inputs (generate writes the outputs; preview rewrites its site's pages).
 * `build` runs once at the start (`changed` empty) and after every change; it never throws: it
 * returns what to print, which is printed once the inputs it found are watched.
 */
export interface WatchAction {
  build: (changed: string[]) => Promise<() => void>;
  /** After the first build, once its inputs are watched; what it throws ends the watch with that error. */
  started: (inputFiles: number) => Promise<void> | void;
  /** Once the watch has stopped (its `stop`), the last build done: `why` names what stopped it. */
  stopped: (why: string) => Promise<void> | void;
}

/** What a build reads (absolute paths), and what it writes (not an input unless a build also reads it). */
interface Inputs {
  files: Set<string>;
  /** Folders whose `*.hbs` files are partials. */
  partialDirs: Set<string>;
  outputs: Set<string>;
}

export async function watchAndGenerate(overrides: Overrides, out: WatchOutput, options: WatchOptions = {}): Promise<void> {
  const build = async (changed: string[]): Promise<() => void> => {
    const start = performance.now();
    const after = changed.length === 0 ? "" : ` after ${someNames(changed)} changed`;
    try {
      const result = await generate(overrides, options.build);
      const ms = Math.round(performance.now() - start);
      return () => {
        out.stdout(`${changed.length === 0 ? "built" : "rebuilt"} in ${ms} ms${after}: ${writtenList(result.written)}\n`);
        if (out.timings) out.stderr(out.timings(result.timings));
      };
    } catch (err) {
      const ms = Math.round(performance.now() - start);
      return () => out.stderr(`build failed in ${ms} ms${after}; the outputs were left as they were\n${errorReport(err)}`);
    }
  };
  await watchInputs(
    overrides,
    out,
    {
      build,
      started: (files) => out.stdout(`watching ${files} files and the partials for changes; press Ctrl-C to stop\n`),
      stopped: (why) => out.stdout(`stopped watching (${why})\n`),
    },
    options,
  );
}

/**
 * Runs `action.build` now and after every change of an input, until `options.stop` ends it (its
 * signal's reason is the `why`). The inputs are found again after every build.
 */
export async function watchInputs(
  overrides: Overrides,
  out: Pick<WatchOutput, "stderr">,
  action: WatchAction,
  options: Pick<WatchOptions, "debounceMs" | "stop"> = {},
): Promise<void> {
  const debounceMs = options.debounceMs ?? 100;
  const cwd = process.cwd();
  const ending = stopWhen(options.stop ?? {});
  const stopped = () => ending.stopped;

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let inputs: Inputs = { files: new Set(), partialDirs: new Set(), outputs: new Set() };

  const onEvent = (event: string, path: string) => {
    const file = resolve(path);
    if (stopped() || !isInputEvent(inputs, event, file)) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  /** A watcher on these folders, once it has seen them all. */
  const open = async (dirs: Set<string>): Promise<FSWatcher> => {
    const w = watch([...dirs], { ignoreInitial: true, depth: 0 });
    w.on("all", onEvent);
    w.on("error", (err) => out.stderr(`cws-docgen: watch error: ${printable((err as Error)?.message ?? String(err))}\n`));
    await new Promise<void>((ready) => w.once("ready", () => ready()));
    return w;
  };
  let watchedDirs = new Set<string>();
  let watcher: FSWatcher | undefined;

  const build = async (changed: string[]): Promise<void> => {
    const report = await action.build(changed);
    // Find the inputs again (the schema may refer to new files, the config to a new template),
    // and have them watched before saying the build is done.
    inputs = await findInputs(overrides, cwd, inputs);
    const next = foldersToWatch(inputs);
    if (!stopped() && (next.size !== watchedDirs.size || [...next].some((d) => !watchedDirs.has(d)))) {
      // The new watcher is ready before the old one goes: no change falls in between.
      const previous = watcher;
      watcher = await open(next);
      watchedDirs = next;
      await previous?.close();
    }
    report();
  };

  const start = (changed: string[]): Promise<void> =>
    (running = build(changed).finally(() => {
      running = undefined;
      // Changes that came in while it ran get their own build.
      if (pending.size > 0 && !stopped()) timer = setTimeout(flush, debounceMs);
    }));
  const flush = () => {
    timer = undefined;
    if (running || stopped()) return; // picked up when the running build ends
    const changed = [...pending].sort();
    pending.clear();
    void start(changed);
  };

  try {
    inputs = await findInputs(overrides, cwd);
    watchedDirs = foldersToWatch(inputs);
    watcher = await open(watchedDirs);
    await start([]);
    if (!stopped()) await action.started(inputs.files.size);
    const why = await ending.done;
    if (timer) clearTimeout(timer);
    await running;
    await action.stopped(why);
  } finally {
    ending.stop("ended");
    ending.dispose();
    if (timer) clearTimeout(timer);
    await running;
    await watcher?.close();
  }
}

/** Ends when `stop.signal` is aborted (its reason), or when told: `done` gives the reason; `dispose` stops waiting for the signal. */
function stopWhen(stop: WatchStop): { done: Promise<string>; stopped: boolean; stop: (why: string) => void; dispose: () => void } {
  const { signal, watching } = stop;
  let resolveDone!: (why: string) => void;
  const done = new Promise<string>((r) => (resolveDone = r));
  const onAbort = () => ending.stop(String(signal?.reason ?? "stopped"));
  const ending = {
    done,
    stopped: false,
    stop: (why: string) => {
      if (ending.stopped) return;
      ending.stopped = true;
      resolveDone(why);
    },
    dispose: () => {
      signal?.removeEventListener("abort", onAbort);
      watching?.(false);
    },
  };
  watching?.(true);
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) onAbort();
  return ending;
}

/** Whether a watcher's event on `path` concerns the pages' inputs. */
function isInputEvent(inputs: Inputs, event: string, path: string): boolean {
  // A file read is an input even when a page also names it as an output: generate refuses such a
  // page and writes nothing, so watching it cannot loop, and the fix (in the config) is seen.
  if (inputs.files.has(path)) return true;
  if (inputs.outputs.has(path)) return false;
  if (path.endsWith(".hbs") && inputs.partialDirs.has(dirname(path))) return true;
  // A folder that an input will be in has just appeared: look again.
  if (event === "addDir")
    return [...inputs.files]
      .map(dirname)
      .concat([...inputs.partialDirs])
      .some((d) => d === path || d.startsWith(path + sep));
  return false;
}

/** The inputs of the pages, found as far as they can be; after a failure, the previous ones are kept too. */
async function findInputs(overrides: Overrides, cwd: string, previous?: Inputs): Promise<Inputs> {
  const inputs: Inputs = { files: new Set(), partialDirs: new Set(), outputs: new Set() };
  // The config in use, whatever else fails; with none yet, one that appears in the cwd is picked up.
  // A config refused (not trusted) is watched the same way: resolvePages says why, at each build.
  inputs.files.add((await findConfig(overrides, cwd).catch(() => undefined)) ?? resolve(cwd, overrides.config ?? CONFIG_FILE));
  let complete = true;
  const noteProblems = (err: unknown) => {
    complete = false;
    if (err instanceof DocgenError) for (const p of err.problems) inputs.files.add(resolve(cwd, p.file));
  };
  try {
    for (const page of await resolvePages(overrides, cwd)) {
      inputs.files.add(page.schema);
      inputs.files.add(page.template);
      inputs.partialDirs.add(join(BUILTIN_TEMPLATES, "partials"));
      inputs.partialDirs.add(join(dirname(page.template), "partials"));
      inputs.outputs.add(page.docs);
      inputs.outputs.add(page.types);
      inputs.outputs.add(validatorFileOf(page));
      try {
        const resolved = await dereferenceSchema(await loadSchema(page.schema));
        for (const file of resolved.files.keys()) inputs.files.add(file);
      } catch (err) {
        noteProblems(err);
      }
    }
  } catch (err) {
    noteProblems(err);
  }
  if (!complete && previous) {
    for (const f of previous.files) inputs.files.add(f);
    for (const d of previous.partialDirs) inputs.partialDirs.add(d);
    for (const o of previous.outputs) inputs.outputs.add(o);
  }
  return inputs;
}

/** The folders to watch: each input's folder, or its nearest existing parent while it does not exist. */
function foldersToWatch(inputs: Inputs): Set<string> {
  const dirs = new Set<string>();
  for (const dir of [...[...inputs.files].map(dirname), ...inputs.partialDirs]) {
    let d = dir;
    while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
    dirs.add(d);
  }
  return dirs;
}

/** At most this many file names in a summary line: the rest are counted. */
const NAMES_SHOWN = 3;

/** Names for a summary line: printable, the first NAMES_SHOWN of them, and how many more. */
function someNames(files: string[]): string {
  const names = files.slice(0, NAMES_SHOWN).map((f) => printable(displayPath(f)));
  return files.length <= NAMES_SHOWN ? names.join(", ") : `${names.join(", ")} and ${files.length - NAMES_SHOWN} more`;
}

/**
 * What a build wrote, short enough for a line per rebuild whatever the number of pages: how many
 * outputs were written and how many were left unchanged, and the names of the written ones (capped).
 */
function writtenList(written: WriteResult[]): string {
  const wrote = written.filter((w) => w.changed).map((w) => w.file);
  const same = written.length - wrote.length;
  if (wrote.length === 0) return `no output changed (${same} unchanged)`;
  const counts = `${wrote.length} output${wrote.length === 1 ? "" : "s"} written${same > 0 ? `, ${same} unchanged` : ""}`;
  return `${counts}: ${someNames(wrote)}`;
}
