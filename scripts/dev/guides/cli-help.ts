/** The `cli-help` region (guides/cli.md): each command's `--help`, from the commands' own definitions. */
import { buildProgram } from "../../cli/main.js";
import { fencedBlock } from "./markdown.js";

/**
 * What `cws-docgen ARGS --help` prints, 80 columns wide and without colours whatever the terminal
 * (the commands are built, not run: nothing is read but their definitions).
 */
export function helpText(args: readonly string[]): string {
  let text = "";
  const write = (s: string) => {
    text += s;
  };
  const program = buildProgram({ stdout: write, stderr: write, data: write });
  for (const command of [program, ...program.commands]) {
    command.configureHelp({ ...command.configureHelp(), helpWidth: 80 });
    command.configureOutput({ ...command.configureOutput(), getOutHasColors: () => false, getErrHasColors: () => false });
  }
  try {
    program.parse([...args, "--help"], { from: "user" });
  } catch {
    // --help ends the parse with commander's exit, as in main().
  }
  return text;
}

/** The names of the commands, in the order the top-level help lists them (`help` left out). */
export function commandNames(): string[] {
  return buildProgram({ stdout: () => undefined, stderr: () => undefined, data: () => undefined })
    .commands.map((c) => c.name())
    .filter((name) => name !== "help");
}

/** The region: the top-level help, then each command's. */
export function commandHelps(): string {
  const parts = ["### `cws-docgen --help`", "", fencedBlock(helpText([]).trimEnd())];
  for (const name of commandNames()) parts.push("", `### \`cws-docgen ${name} --help\``, "", fencedBlock(helpText([name]).trimEnd()));
  return parts.join("\n");
}
