/**
 * `cws-docgen`: the programmatic API. The same pipeline as the command line:
 * `generate` writes what changed, `check` reports stale outputs and writes
 * nothing, `buildPage` builds one page in memory, `pageAttributes` gives the
 * attribute index of a page's schema. Bad input is thrown as a
 * `DocgenError` (its `problems` say where and what). The events themselves are
 * at `cws-docgen/events`.
 */
export { buildPage, check, generate, pageOutputs } from "./pipeline/pipeline.js";
export type { BuiltPage, CheckResult, GenerateResult, OutputStatus, Stage, StaleOutput, Timings } from "./pipeline/pipeline.js";
export { loadConfig, resolvePages } from "./config/config.js";
export { CONFIG_FILE } from "./config/find-config.js";
export type { Overrides, PageConfig } from "./config/config.js";
export { DocgenError, formatProblem } from "./core/problems.js";
export type { Place, Problem } from "./core/problems.js";
export type { PageModel } from "./stages/model.js";
export type { Attribute, AttributeIndex, AttributeRecord, AttributesDocument, Segment } from "./stages/index-attributes.js";
export { attributesDocument, attributesJson } from "./stages/index-attributes.js";
export { filterAttributes, pageAttributes } from "./pipeline/attributes.js";
export type { PageAttributes } from "./pipeline/attributes.js";
export type { PageFields } from "./stages/render.js";
export { Interrupted, writeOutputs } from "./stages/write.js";
export { lintPage, lintPageParallel } from "./stages/lint/lint.js";
export type { LintMessage } from "./stages/lint/chunk.js";
export type { WriteOptions, WriteResult } from "./stages/write.js";
export type { Output } from "./core/files.js";
export { createValidator, describeErrors } from "./runtime/validation.js";
export type { AjvErrorLike, GeneratedValidate, ValidationError, ValidationResult, Validator } from "./runtime/validation.js";
