/** The stages of a build by name, in order, as `--timings`, the progress line and the bench report them: their one list. */
export const STAGES = [
  "cache",
  "load",
  "dereference",
  "inspect",
  "model",
  "attributes",
  "render",
  "lint",
  "types",
  "validator",
  "package",
  "verify",
  "write",
] as const;
export type Stage = (typeof STAGES)[number];
export type Timings = Partial<Record<Stage, number>>;

/**
 * Each stage's module under scripts/stages/ (`<module>.ts`, with its parts in `<module>/`), named by its
 * verb; "cache" is the runner's own. dependency-cruiser's stage-order rules list the same modules in
 * the same order (a test compares them).
 */
export const STAGE_MODULES: Readonly<Record<Exclude<Stage, "cache">, string>> = {
  load: "load",
  dereference: "dereference",
  inspect: "inspect",
  model: "model",
  attributes: "index-attributes",
  render: "render",
  lint: "lint",
  types: "emit-types",
  validator: "emit-validator",
  package: "emit-package",
  verify: "verify",
  write: "write",
};
