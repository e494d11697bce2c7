import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, ERROR_CODES, errorAnswer, errorResponse } from "./errors";

describe("the error envelope", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers with a status, a code, a message and the fields at fault", async () => {
    const answer = errorAnswer(422, "invalid_event", "The event has invalid fields.", {
      fields: [{ field: "title", message: "must not be empty" }],
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({
      error: {
        code: "invalid_event",
        message: "The event has invalid fields.",
        fields: [{ field: "title", message: "must not be empty" }],
      },
    });
    expect(await errorAnswer(404, "not_found", "No such thing.").json()).toEqual({
      error: { code: "not_found", message: "No such thing." },
    });
  });

  it("turns anything not thrown on purpose into a 500 that leaks nothing", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = errorResponse(new Error("SQLITE_BUSY at /srv/beacon.db"));
    expect(answer.status).toBe(500);
    expect(JSON.stringify(await answer.json())).not.toContain("SQLITE");
    const thrown = errorResponse(new ApiError(409, "conflict", "Changed."));
    expect(await thrown.json()).toEqual({ error: { code: "conflict", message: "Changed." } });
  });

  it("has a closed set of codes, each written once", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
