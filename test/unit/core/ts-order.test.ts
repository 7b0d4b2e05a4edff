/**
 * The order of the generated declarations (scripts/core/ts-order.ts): json2ts's type aliases moved to
 * their definition's place, JSDoc kept with them.
 */
import { describe, expect, it } from "vitest";
import { orderDeclarations } from "../../../scripts/core/ts-order.js";

const HEADER = "/* banner */";
const rank = (order: string[]) => (name: string) => (order.includes(name) ? order.indexOf(name) : undefined);

describe("orderDeclarations", () => {
  it("moves json2ts's type aliases to their place among the interfaces, JSDoc included", () => {
    const ts = `${HEADER}\n\n/**\n * Many Bs\n */\nexport type C = B[];\n\nexport interface Root {\n  c?: C;\n}\n/**\n * The B\n */\nexport interface B {\n  /**\n   * x\n   */\n  x: string;\n}\n`;
    expect(orderDeclarations(ts, HEADER, rank(["Root", "B", "C"]))).toBe(
      `${HEADER}\n\nexport interface Root {\n  c?: C;\n}\n/**\n * The B\n */\nexport interface B {\n  /**\n   * x\n   */\n  x: string;\n}\n/**\n * Many Bs\n */\nexport type C = B[];\n`,
    );
  });

  it("keeps a declaration it does not know after the one before it, and leaves other text alone", () => {
    const ts = `${HEADER}\n\nexport type B = string[];\nexport interface Extra {}\n\nexport interface A {}\n`;
    expect(orderDeclarations(ts, HEADER, rank(["A", "B"]))).toBe(
      `${HEADER}\n\nexport interface A {}\nexport type B = string[];\nexport interface Extra {}\n`,
    );
    expect(orderDeclarations("no header", HEADER, rank([]))).toBe("no header");
    const ordered = `${HEADER}\n\nexport interface A {}\nexport interface B {}\n`;
    expect(orderDeclarations(ordered, HEADER, rank(["A", "B"]))).toBe(ordered);
  });
});
