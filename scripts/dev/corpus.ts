/**
 * The real later schemas the tests, the bench and the guides read, by name (their upstream file's name and
 * hash, without `.json`): the master schema's two later versions under test/fixtures/corpus/, and the Linux
 * and Windows schemas, which are the multi-page example's own (examples/multi-page/schema/), kept once.
 */
import { join } from "node:path";
import { PACKAGE_ROOT } from "../core/package-root.js";

const FILES = {
  "backend.schema.1bcbcc1160": "test/fixtures/corpus/backend.schema.1bcbcc1160.json",
  "backend.schema.7876acf46c": "test/fixtures/corpus/backend.schema.7876acf46c.json",
  "backend_linux.schema.fb166104e0": "examples/multi-page/schema/backend_linux.schema.json",
  "backend_windows.schema.2dd22cad4f": "examples/multi-page/schema/backend_windows.schema.json",
} as const;

export type CorpusSchema = keyof typeof FILES;
export const CORPUS_SCHEMAS = Object.keys(FILES) as CorpusSchema[];

/** The corpus schema's file, absolute. */
export function corpusSchemaFile(name: CorpusSchema): string {
  return join(PACKAGE_ROOT, FILES[name]);
}
