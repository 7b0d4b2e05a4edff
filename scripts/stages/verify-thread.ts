/**
 * The build's TypeScript thread. Loading the TypeScript compiler is the dearest step of a
 * typed build (more than all the stages of the seed together: guides/performance.md), and
 * only stages 10 (package) and 11 (verify) need it. So a build that is not a
 * cache hit starts this thread first: it loads TypeScript while the main thread runs stages
 * 1 to 9, then runs `emitPackage` and the verify stage's checks where TypeScript is, on what
 * the main thread sends it (text and plain data). Same code, same checks, same bytes: only
 * the place they run differs.
 *
 * The thread is the bundle's `verify-worker.js`, beside this module's chunk. Run from the
 * TypeScript sources (the tests), or on a machine with one core (`ownThread`), there is none:
 * both stages run in the calling thread, as they are called alone.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Output } from "../core/files.js";
import { DocgenError, type Problem } from "../core/problems.js";
import type { ResolvedSchema } from "./dereference.js";
import type { DefinitionIndex } from "./model.js";
import type { EmitPackageOptions } from "./emit-package.js";
import { UnsafeOutputError, type VerifyInput, type VerifyJob, verifyJobOf } from "./verify.js";

/** What the main thread asks of the TypeScript thread. */
type Task = { task: "package"; options: Omit<EmitPackageOptions, "schema">; schemaJson: string } | { task: "verify"; job: VerifyJob };
export type ThreadTask = Task & { id: number };

/** An error of the TypeScript thread, as it crosses to the main thread. */
export type ThreadError =
  | { kind: "unsafe"; file: string; reason: string }
  | { kind: "docgen"; problems: Problem[] }
  | { kind: "error"; name: string; message: string; stack?: string };

/** The TypeScript thread's answer to a task. */
export type ThreadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ThreadError };

/** An error, as the thread sends it. */
export function threadError(err: unknown): ThreadError {
  if (err instanceof UnsafeOutputError) return { kind: "unsafe", file: err.file, reason: err.reason };
  if (err instanceof DocgenError) return { kind: "docgen", problems: err.problems };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: "error", name: e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
}

/** The error the thread sent, as it was thrown there. */
function rebuilt(error: ThreadError): Error {
  if (error.kind === "unsafe") return new UnsafeOutputError(error.file, error.reason);
  if (error.kind === "docgen") return new DocgenError(error.problems);
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

export interface TypeScriptStages {
  /** Stage 10: the events package's files. */
  emitPackage(options: EmitPackageOptions): Promise<Output[]>;
  /** Stage 11: throws an UnsafeOutputError when an output holds anything the schema does not define. */
  verify(resolved: ResolvedSchema, index: DefinitionIndex, input: VerifyInput): Promise<void>;
  /** Lets the thread go (if any): a build calls it when it ends, built or not. */
  close(): Promise<void>;
}

/**
 * The process's TypeScript thread: one for every page of a run and every rebuild of
 * `--watch`, so that TypeScript loads once. While no build holds it, it does not keep
 * the process alive.
 */
let shared: TypeScriptThread | undefined;

/**
 * The root schema file's size under which stages 10 and 11 run in the calling thread by default: a
 * small schema's build leaves too little to overlap with TypeScript's load for a second thread to
 * gain wall time, and the thread costs CPU (guides/performance.md has the measurements).
 */
export const SMALL_SCHEMA_BYTES = 32 * 1024;

/**
 * Whether stages 10 and 11 get a thread of their own: on a machine with two cores or more, for a
 * schema whose root file is SMALL_SCHEMA_BYTES or more (or of unknown size), unless
 * `CWS_DOCGEN_TS_THREAD=never` (or `always`: even on one core, even for a small schema). The thread
 * costs more CPU than the same work in the calling thread (a second V8 isolate, the chunks loaded
 * twice) and saves the wall time of loading TypeScript; the count of cores and the schema decide,
 * never the load of the moment, so that a run's speed does not depend on what ran before it.
 */
export function ownThread(env: NodeJS.ProcessEnv = process.env, schemaBytes?: number): boolean {
  if (env.CWS_DOCGEN_TS_THREAD === "always") return true;
  if (env.CWS_DOCGEN_TS_THREAD === "never") return false;
  if (schemaBytes !== undefined && schemaBytes < SMALL_SCHEMA_BYTES) return false;
  return availableParallelism() >= 2;
}

/**
 * Starts loading TypeScript, in a thread of its own when there is one to have (`ownThread`, given the
 * root schema file's size when known), or takes the one already there (a watch's or a preview's, warm).
 */
export function startTypeScript(schemaBytes?: number): TypeScriptStages {
  const built = import.meta.url.endsWith(".js");
  // A thread already there is warm: any schema may use it.
  const warm = shared !== undefined && !shared.isBroken;
  if (!built || !ownThread(process.env, warm ? undefined : schemaBytes)) return inThisThread();
  if (!warm) shared = new TypeScriptThread();
  return shared!.hold();
}

/** Stages 10 and 11 in the calling thread, loading TypeScript when first needed. */
function inThisThread(): TypeScriptStages {
  return {
    emitPackage: async (options) => (await import("./emit-package.js")).emitPackage(options),
    verify: async (resolved, index, input) => (await import("./verify.js")).verifyOutput(resolved, index, input),
    close: async () => undefined,
  };
}

class TypeScriptThread {
  private readonly worker = new Worker(new URL("./verify-worker.js", import.meta.url));
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private next = 0;
  /** Why the thread can take no more tasks, once it cannot. */
  private broken: Error | undefined;
  /** How many builds hold the thread now: while none does, it does not keep the process alive. */
  private holders = 0;

  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /** The thread's stages for one build; its `close` lets the thread go (it ends with the process). */
  hold(): TypeScriptStages {
    this.holders++;
    this.worker.ref();
    let held = true;
    return {
      emitPackage: (options) => this.emitPackage(options),
      verify: (resolved, index, input) => this.verify(resolved, index, input),
      close: async () => {
        if (!held) return;
        held = false;
        if (--this.holders === 0) this.worker.unref();
      },
    };
  }

  constructor() {
    this.worker.on("message", (reply: ThreadReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(rebuilt(reply.error));
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`the TypeScript thread stopped (exit code ${code})`)));
  }

  private fail(err: Error): void {
    this.broken ??= err;
    for (const p of this.pending.values()) p.reject(this.broken);
    this.pending.clear();
  }

  private run(task: Task): Promise<unknown> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...task, id });
    });
  }

  async emitPackage(options: EmitPackageOptions): Promise<Output[]> {
    const { schema, ...rest } = options;
    // As JSON text: the schema arrives with the same keys in the same order (a "__proto__" key too), as JSON.stringify writes it.
    return (await this.run({ task: "package", options: rest, schemaJson: JSON.stringify(schema) })) as Output[];
  }

  async verify(resolved: ResolvedSchema, index: DefinitionIndex, input: VerifyInput): Promise<void> {
    await this.run({ task: "verify", job: verifyJobOf(resolved, index, input) });
  }
}
