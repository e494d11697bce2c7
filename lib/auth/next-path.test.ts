import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

/** Where a browser on https://portal.test would go if it followed `location: <path>`. */
function landsOn(path: string): string {
  return new URL(path, "https://portal.test/sign-in").origin;
}

describe("safeNextPath", () => {
  it("keeps a same-site path with its query", () => {
    expect(safeNextPath("/notifications?type=incident")).toBe("/notifications?type=incident");
  });

  it("keeps a path with non-ASCII characters, percent-encoded (a valid header value)", () => {
    const path = safeNextPath("/notifications?organization=Zürich");
    expect(path).toBe("/notifications?organization=Z%C3%BCrich");
    expect(() => new Headers({ location: path })).not.toThrow();
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%0a/evil.example",
    "/ /evil.example",
    "https://evil.example",
    "http:evil.example",
    "/https://evil.example",
    "\\\\evil.example",
    "evil",
    "",
    undefined,
    42,
  ])("never leaves the origin for %j", (value) => {
    const result = safeNextPath(value);
    expect(landsOn(result)).toBe("https://portal.test");
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(() => new Headers({ location: result })).not.toThrow();
  });

  it.each(["/\t/evil.example", "/%09/evil.example", "/\n", "/%0ax", "/\r\nSet-Cookie: a=b"])(
    "refuses a control character, raw or decoded by the router (%j)",
    (value) => {
      // %09 and %0a stay encoded in the path (harmless); the raw characters are refused.
      const result = safeNextPath(value);
      expect(result).not.toMatch(/[\r\n\t]/);
    },
  );
});
