import { describe, expect, it } from "vitest";
import { csvRow } from "./csv";

describe("CSV rows", () => {
  it("quote every field, double quotes, and keep formulas as text", () => {
    expect(csvRow(["a", 'say "hi"', null, 3, '=HYPERLINK("x")', "-1", "line\nbreak"])).toBe(
      '"a","say ""hi""","","3","\'=HYPERLINK(""x"")","\'-1","line\nbreak"\r\n',
    );
  });
});
