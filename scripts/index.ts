/**
 * `cws-docgen`: the programmatic API. The same pipeline as the command line:
 * `generate` writes what changed, `check` reports stale outputs and writes
 * nothing, `buildPage` builds one page in memory. Bad input is thrown as a
 * `DocgenError` (its `problems` say where and what). The events themselves are
 * at `cws-docgen/events`.
 */
export { buildPage, check, generate, pageOutputs } from "./pipeline.js";
export type { BuiltPage, CheckResult, GenerateResult, Stage, StaleOutput, Timings } from "./pipeline.js";
export { CONFIG_FILE, loadConfig, resolvePages } from "./config.js";
export type { Overrides, PageConfig } from "./config.js";
export { DocgenError, formatProblem } from "./errors.js";
export type { Place, Problem } from "./errors.js";
export type { PageModel } from "./model.js";
export type { PageFields } from "./render.js";
export { Interrupted } from "./write.js";
export type { Output, WriteOptions, WriteResult } from "./write.js";
export { createValidator, describeErrors } from "./validation.js";
export type { AjvErrorLike, GeneratedValidate, ValidationError, ValidationResult, Validator } from "./validation.js";
