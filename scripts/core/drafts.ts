/**
 * Which JSON Schema draft a schema is written in: the one module that decides,
 * so that the validate stage (its meta-schema) and the runtime validator (its
 * Ajv class) always read a schema the same way.
 */
export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

export const DRAFTS: readonly Draft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/** Each draft's meta-schema URI, as Ajv registers it (and as the hints cite it). */
export const META_URIS: Record<Draft, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema",
  "draft-06": "http://json-schema.org/draft-06/schema",
  "draft-07": "http://json-schema.org/draft-07/schema",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

/** `$schema` URIs with the scheme, `www.` and an empty fragment taken off → draft. */
const DRAFT_URIS: Record<string, Draft> = {
  "json-schema.org/draft-04/schema": "draft-04",
  "json-schema.org/draft-06/schema": "draft-06",
  "json-schema.org/draft-07/schema": "draft-07",
  "json-schema.org/draft/2019-09/schema": "2019-09",
  "json-schema.org/draft/2020-12/schema": "2020-12",
};

/**
 * The draft a `$schema` value names: every spelling in use (http or https, with
 * or without `www.`, with or without the trailing `#`); undefined when it names
 * none that cws-docgen knows.
 */
export function draftOf(uri: unknown): Draft | undefined {
  const key = typeof uri === "string" ? /^https?:\/\/(?:www\.)?(.*?)#?$/.exec(uri)?.[1] : undefined;
  return key !== undefined && Object.hasOwn(DRAFT_URIS, key) ? DRAFT_URIS[key] : undefined;
}

/** The draft a root schema is read in: the one it declares; without `$schema`, 2020-12 when it has `$defs`, else draft-07. */
export function rootDraftOf(root: Record<string, unknown>): Draft {
  return draftOf(root.$schema) ?? ("$defs" in root ? "2020-12" : "draft-07");
}

/** What to tell a user whose `$schema` names no known draft. */
export const KNOWN_DRAFTS_HINT = `cws-docgen knows draft-04, draft-06, draft-07, 2019-09 and 2020-12 (${DRAFTS.map((d) => META_URIS[d]).join(", ")}; http or https, with or without "www." and the trailing "#"); or leave "$schema" out`;

/**
 * Keywords no draft cws-docgen reads defines (draft 3's `extends`, and
 * json-schema-to-typescript's own `tsType` and `tsEnumNames`), to which
 * json-schema-to-typescript would still give meaning, or mishandle
 * (`interface X extends  {`). Validators ignore them, so the types do too, and
 * the page says so next to the JSON that has them.
 */
export const IGNORED_KEYWORDS: readonly string[] = ["extends", "tsType", "tsEnumNames"];
