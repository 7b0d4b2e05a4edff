/** The drafts' meta-schema checks are compiled ahead of time, by the build: each file is what the generator makes now. */
import { describe, expect, it } from "vitest";
import { DRAFTS } from "../../../scripts/core/drafts.js";
import { metaSchemaFile, metaSchemaSource } from "../../../scripts/dev/build-meta-schemas.js";
import { ROOT, join, readFile } from "../../helpers.js";

describe("precompiled meta-schema checks", () => {
  for (const draft of DRAFTS) {
    it(`${metaSchemaFile(draft)} is what the generator makes (npm run build)`, async () => {
      expect(await readFile(join(ROOT, metaSchemaFile(draft)), "utf8")).toBe(await metaSchemaSource(draft));
    });
  }
});
