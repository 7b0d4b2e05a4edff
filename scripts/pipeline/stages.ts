/** The stages of a build by name, as `--timings` and the progress line report them. */

/** Stage names, in order, as `--timings` and the progress line report them. */
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
