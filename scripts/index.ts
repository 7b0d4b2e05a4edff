/**
 * `cws-docgen`: the programmatic API. The same pipeline as the command line:
 * `generate` writes what changed, `check` reports stale outputs and writes
 * nothing, `buildPage` builds one page in memory, `resolvePages` turns a
 * config and the overrides into the pages to build, `pageAttributes` gives the
 * attribute index of a page's schema, and `createValidator` wraps a generated
 * validator. Bad input is thrown as a `DocgenError` (its `problems` say where
 * and what). The events themselves are at `cws-docgen/events`.
 *
 * Only what guides/consumers.md documents is here, with the types its
 * signatures name; the package's declarations (dist/index.d.ts) are rolled up
 * from this module.
 */
export { buildPage, check, generate } from "./pipeline/pipeline.js";
export type {
  BuildOptions,
  BuiltPage,
  CheckResult,
  GenerateResult,
  OutputStatus,
  Stage,
  StaleOutput,
  Timings,
} from "./pipeline/pipeline.js";
export { resolvePages } from "./config/config.js";
export type { Overrides, PageConfig } from "./config/config.js";
export { DocgenError } from "./core/problems.js";
export type { Place, Problem } from "./core/problems.js";
export type { PageModel } from "./stages/model.js";
export type { Attribute, AttributeIndex, Segment } from "./stages/index-attributes.js";
export { pageAttributes } from "./pipeline/attributes.js";
export type { AttributesOptions, PageAttributes } from "./pipeline/attributes.js";
export type { WriteResult } from "./stages/write.js";
export type { Output } from "./core/files.js";
export { createValidator } from "./runtime/validation.js";
export type { AjvErrorLike, GeneratedValidate, ValidationError, ValidationResult, Validator } from "./runtime/validation.js";
