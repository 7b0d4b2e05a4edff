/**
 * The one Ajv factory: an Ajv instance for a draft (its class, and the draft-06
 * meta-schema Ajv does not add by itself). The schema checks (stage 3) and the
 * consumers' validator (stage 9) both make theirs here, so that a draft means
 * the same thing to both.
 */
import { createRequire } from "node:module";
import { libraryFile } from "./libraries.js";
import type { Ajv, Options } from "ajv";
import { commonJsExports } from "./commonjs.js";
import type { Draft } from "./drafts.js";

export async function ajvFor(draft: Draft, options: Options): Promise<Ajv> {
  if (draft === "draft-04") return new (defaultClass(await import("ajv-draft-04")))(options);
  if (draft === "2019-09") return new (commonJsExports(await import("ajv/dist/2019.js")).Ajv2019)(options);
  if (draft === "2020-12") return new (commonJsExports(await import("ajv/dist/2020.js")).Ajv2020)(options);
  const ajv = new (commonJsExports(await import("ajv")).Ajv)(options);
  if (draft === "draft-06")
    ajv.addMetaSchema(createRequire(import.meta.url)(libraryFile("ajv/dist/refs/json-schema-draft-06.json")) as object);
  return ajv;
}

/** The class a CommonJS module exports as default, through one or two `default`s. */
function defaultClass(mod: unknown): new (options: Options) => Ajv {
  const d = (mod as { default: unknown }).default;
  return (typeof d === "function" ? d : (d as { default: unknown }).default) as new (
    options: Options,
  ) => Ajv;
}
