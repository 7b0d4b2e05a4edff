/** Canonical JSON (scripts/core/canonical-json.ts): one text for values equal but for key order, and an absent value never taken for null. */
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../scripts/core/canonical-json.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and number spelling as JSON writes it", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson(1.0)).toBe("1");
    expect(canonicalJson("a\u2028")).toBe(JSON.stringify("a\u2028"));
  });

  it("tells an absent value from null, and keeps a __proto__ key as a key", () => {
    expect(canonicalJson(undefined)).toBe("undefined");
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    const proto = JSON.parse('{"__proto__": {"x": 1}, "a": 2}');
    expect(canonicalJson(proto)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(canonicalJson(proto)).not.toBe(canonicalJson({ a: 2 }));
  });
});
