/**
 * `cws-docgen diff OLD NEW`: read both schemas (files or git revisions), compare
 * them, print the changes in the chosen format. The exit code is 1 when
 * `--fail-on-breaking` is given and a change is breaking, 0 otherwise; bad
 * input throws a DocgenError (exit 2), like every command.
 */
import { diffSchemas } from "../diff/compare.js";
import { DocgenError } from "../core/problems.js";
import { formatDiff, FORMATS, type DiffFormat } from "../diff/format.js";
import { colorWanted } from "../core/colors.js";
import { readSchemaSource } from "../diff/sources.js";

/** The exit code for "a breaking change was found" (with --fail-on-breaking). */
const EXIT_BREAKING = 1;

export interface DiffOptions {
  format?: string;
  failOnBreaking?: boolean;
  /** The most each schema (all its files together) may weigh, in bytes (default: `MAX_SCHEMA_BYTES`, stages/load.ts). */
  maxSchemaSize?: number;
}

export async function runDiff(
  oldSpec: string,
  newSpec: string,
  options: DiffOptions,
  out: { stdout: (s: string) => void; styled: (s: string) => void; isTTY?: boolean; env?: NodeJS.ProcessEnv },
): Promise<number> {
  const format = (options.format ?? "text") as DiffFormat;
  if (!FORMATS.includes(format)) {
    throw new DocgenError({
      file: "--format",
      message: `unknown format ${JSON.stringify(options.format)}`,
      hint: `choose one of ${FORMATS.join(", ")}`,
    });
  }
  const [oldSchema, newSchema] = [
    await readSchemaSource(oldSpec, options.maxSchemaSize),
    await readSchemaSource(newSpec, options.maxSchemaSize),
  ];
  const diff = diffSchemas(oldSchema, newSchema);
  const color = format === "text" && colorWanted({ isTTY: out.isTTY }, out.env);
  // In colour, the text holds the colours' escape sequences, which `stdout` would escape: formatText has made the schema's text safe itself.
  (color ? out.styled : out.stdout)(formatDiff(diff, format, { color }));
  return options.failOnBreaking && diff.changes.some((c) => c.breaking) ? EXIT_BREAKING : 0;
}
