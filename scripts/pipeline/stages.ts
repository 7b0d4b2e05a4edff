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
