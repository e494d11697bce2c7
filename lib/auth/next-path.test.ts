import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps a same-site path with its query", () => {
    expect(safeNextPath("/notifications?type=incident")).toBe("/notifications?type=incident");
  });
  it.each(["//evil.example", "/\\evil.example", "https://evil.example", "evil", "", undefined, 42])(
    "refuses %s",
    (value) => {
      expect(safeNextPath(value)).toBe("/");
    },
  );
});
