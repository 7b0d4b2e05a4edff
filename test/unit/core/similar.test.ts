/** The "did you mean" match (core/similar.ts): close names only, nearest first. */
import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../../scripts/core/similar.js";

describe("closest", () => {
  it("counts insertions, deletions, substitutions and swaps of neighbours as one edit each", () => {
    expect(editDistance("DDContxt", "DDContext")).toBe(1);
    expect(editDistance("rootTyep", "rootType")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("finds the nearest name within max(2, a quarter of its length) edits, and nothing further or exact", () => {
    expect(closest("DDContxt", ["DNSContext", "DDContext"])).toBe("DDContext");
    expect(closest("roottype", ["rootType", "reference"])).toBe("rootType");
    expect(closest("ROOTTYPE", ["rootType"])).toBe("rootType");
    expect(closest("zzz", ["dir", "name", "version"])).toBeUndefined();
    expect(closest("dir", ["dir", "dirs"])).toBeUndefined();
    // 16 letters: up to 4 edits.
    expect(closest("ProcessCacheEntr", ["ProcessCacheEntry"])).toBe("ProcessCacheEntry");
    expect(closest("ProcessXXXXXEntry", ["ProcessCacheEntry"])).toBeUndefined();
  });
});
