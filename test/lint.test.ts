import { describe, expect, it } from "vitest";
import { lintPage } from "../scripts/stages/06-lint/lint.js";

describe("lint", () => {
  it("accepts a page whose links all hit headings and whose tables are regular", () => {
    expect(lintPage("---\ntitle: x\n---\n\n## `File`\n\n## `file`\n\n| a | b |\n| - | - |\n| [x](#file) | [y](#file-1) |\n")).toEqual([]);
  });

  it("reports a link to a missing anchor with its line and column (counting the front matter)", () => {
    const msgs = lintPage("---\ntitle: x\n---\n\n## `A`\n\nsee [B](#b)\n");
    expect(msgs).toEqual([{ rule: "anchor", line: 7, column: 5, message: "link to #b does not match any heading on the page" }]);
  });

  it("reports table rows with too many or too few cells", () => {
    const msgs = lintPage("| a | b |\n| - | - |\n| 1 | 2 | 3 |\n| 1 |\n| 1 | 2 |\n");
    expect(msgs.map((m) => [m.rule, m.line, m.message])).toEqual([
      ["table", 3, "table row has 3 cells, its header has 2"],
      ["table", 4, "table row has 1 cells, its header has 2"],
    ]);
  });

  it("reports a front matter that is never closed", () => {
    expect(lintPage("---\ntitle: x\n\nbody\n")[0]).toMatchObject({ rule: "front-matter", line: 1 });
  });
});
