/**
 * How a build runs its stages, apart from what they do: each one reported to
 * `onStage` when it starts and timed into `Timings` (their names and order:
 * `STAGES`, stages.ts), its module imported only when it starts (a schema
 * refused early never loads a later stage's libraries); for `buildPage`, the
 * build cache and the TypeScript thread too.
 */
import { lstat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import type { PageConfig } from "../config/config.js";
import { STDIO, type Output } from "../core/files.js";
import type { TypeScriptStages } from "../stages/verify-thread.js";
import type { CacheEntry } from "./cache.js";
import type { BuiltPage } from "./page.js";
import type { Stage, Timings } from "./stages.js";

/** Told when a stage of a page starts. */
export type OnStage = (page: string, stage: Stage) => void;

/** Runs the stages of one page: reports each start to `onStage`, adds its milliseconds to the timings. */
export class StageRunner {
  constructor(
    readonly page: string,
    readonly timings: Timings = {},
    private readonly onStage?: OnStage,
  ) {}

  /** Runs `work` (which imports the stage's module first) as `stage`. */
  async run<T>(stage: Stage, work: () => T | Promise<T>): Promise<T> {
    this.onStage?.(this.page, stage);
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, start);
    }
  }

  /** The same for a stage that runs synchronously when something first asks for its result (the attribute index). */
  runNow<T>(stage: Stage, work: () => T): T {
    this.onStage?.(this.page, stage);
    const start = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, start);
    }
  }

  private add(stage: Stage, start: number): void {
    this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - start;
  }
}

type Cache = typeof import("./cache.js");

/**
 * The stages of one `buildPage`: with the build cache (unless the page asks for none,
 * or its schema is stdin, which has no file to hash) and the TypeScript thread
 * (stages 10 and 11), which starts loading TypeScript when the page is known not to be
 * a cache hit, while stages 1–9 run. `close` lets the thread go, built or not.
 */
export class BuildRunner extends StageRunner {
  private typescriptStages: TypeScriptStages | undefined;

  private constructor(
    private readonly config: PageConfig,
    private readonly withTypes: boolean,
    readonly cache: Cache | undefined,
    timings: Timings,
    onStage?: OnStage,
    private readonly onNote?: (line: string) => void,
  ) {
    super(config.name, timings, onStage);
  }

  static async start(
    config: PageConfig,
    o: { withTypes: boolean; cache: boolean; timings: Timings; onStage?: OnStage; onNote?: (line: string) => void },
  ): Promise<BuildRunner> {
    const cache = o.cache && config.schema !== STDIO ? await import("./cache.js") : undefined;
    return new BuildRunner(config, o.withTypes, cache, o.timings, o.onStage, o.onNote);
  }

  /** The cache's entry for the page, if any (the stage `cache`); when there is none, TypeScript starts loading. */
  async cached(maxSchemaBytes?: number): Promise<CacheEntry | undefined> {
    const cache = this.cache;
    const hit = cache
      ? await this.run("cache", () => cache.readCache(this.config, this.withTypes, maxSchemaBytes, this.onNote))
      : undefined;
    if (!hit && this.withTypes) {
      // The root file's size, before stage 1 reads it: lstat reads no content and follows no link.
      const bytes = this.config.schema === STDIO ? undefined : (await lstat(this.config.schema).catch(() => undefined))?.size;
      this.typescriptStages = (await import("../stages/verify-thread.js")).startTypeScript(bytes);
    }
    return hit;
  }

  /** The hashes of files the build read (none without the cache), for the entry `remember` writes. */
  async hashAll(files: string[]): Promise<CacheEntry["inputs"]> {
    return this.cache ? await this.cache.hashAll(files) : [];
  }

  /**
   * Keeps a built page's outputs in the cache (without one, nothing), under the hashes of what the build read:
   * the schema's files as it read them, and `inputs` (the template's, from `hashAll`).
   */
  async remember(schemaFiles: Iterable<[string, { text: string }]>, inputs: CacheEntry["inputs"], built: BuiltPage): Promise<void> {
    const cache = this.cache;
    if (!cache) return;
    const schemaInputs = [...schemaFiles].map(([file, l]) => ({ file, sha256: cache.hashText(l.text) }));
    const pkg = this.config.package;
    await cache.writeCache(
      this.config,
      this.withTypes,
      [...schemaInputs, ...inputs],
      {
        docs: built.docs.content,
        ...(built.types && built.validator ? { types: built.types.content, validator: built.validator.content } : {}),
        ...(built.package && pkg ? { package: packageFileNames(built.package, pkg.dir) } : {}),
        ...(built.attributes ? { attributes: built.attributes.content } : {}),
      },
      this.onNote,
    );
  }

  /** Stages 10 and 11, in the TypeScript thread (or this one). Only a build with types has them. */
  get typescript(): TypeScriptStages {
    if (!this.typescriptStages) throw new Error("the TypeScript stages of a build without types");
    return this.typescriptStages;
  }

  async close(): Promise<void> {
    await this.typescriptStages?.close();
  }
}

/** The events package's files by name inside its folder, as the cache keeps them. */
function packageFileNames(files: Output[], dir: string): { name: string; content: string }[] {
  return files.map((f) => {
    if (dirname(f.file) !== resolve(dir)) throw new Error(`an events package file outside its folder: ${f.file}`);
    return { name: basename(f.file), content: f.content };
  });
}
