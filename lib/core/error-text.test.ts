import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { errorText } from "./error-text";

describe("errorText", () => {
  it("names the database's error and the statement, never the bound values", () => {
    const cause = Object.assign(new Error("UNIQUE constraint failed: accounts.slug"), {
      code: "SQLITE_CONSTRAINT_UNIQUE",
    });
    const error = new DrizzleQueryError(
      'insert into "accounts" ("id", "slug") values (?, ?)',
      ["acc-1", "soc@secret.example"],
      cause,
    );
    const text = errorText(error);
    expect(text).toBe(
      'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: accounts.slug (in: insert into "accounts" ("id", "slug") values (?, ?))',
    );
    expect(text).not.toContain("soc@secret.example");
  });

  it("keeps any other error's message", () => {
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText("plain")).toBe("plain");
  });
});
