/** The `config-outputs` region (guides/configuration.md): every file a config makes `generate` write. */
import { dirname, join, relative, sep } from "node:path";
import { loadConfig, validatorFileOf } from "../../config/config.js";
import { PACKAGE_FILES } from "../../stages/emit-package-folder.js";
import { cell, code } from "./markdown.js";

export interface ConfigOutput {
  /** Relative to the config's folder, `/`-separated. */
  file: string;
  page: string;
  what: string;
}

/**
 * Every file `generate` writes for a config, page by page in the order of `pageOutputs`
 * (scripts/pipeline/pipeline.ts): the page, then, for a page with types of its own, the types,
 * the validator, the attribute index and the events package's files. The config is read by the
 * command's own reader, so its defaults (the validator beside the types) and its rules (a page
 * with a `reference` and no `types` writes its page alone) are the command's.
 */
export async function configOutputs(configFile: string): Promise<ConfigOutput[]> {
  const dir = dirname(configFile);
  const rel = (file: string) => relative(dir, file).split(sep).join("/");
  const outputs: ConfigOutput[] = [];
  for (const page of await loadConfig(configFile)) {
    const add = (file: string, what: string) => outputs.push({ file: rel(file), page: page.name, what });
    add(page.docs, "the page");
    if (page.sharedTypes) continue;
    add(page.types, "the TypeScript types");
    add(validatorFileOf(page), "the validator");
    if (page.attributes !== undefined) add(page.attributes, "the attribute index (JSON)");
    if (page.package !== undefined)
      for (const name of PACKAGE_FILES) add(join(page.package.dir, name), `the events package \`${page.package.name}\``);
  }
  return outputs;
}

/** The outputs as a table: file, page, what it is. */
export function outputsTable(outputs: ConfigOutput[]): string {
  return [
    `${outputs.length} files:`,
    "",
    "| file | page | what |",
    "| --- | --- | --- |",
    ...outputs.map((o) => `| ${cell(code(o.file))} | ${cell(code(o.page))} | ${cell(o.what)} |`),
  ].join("\n");
}
