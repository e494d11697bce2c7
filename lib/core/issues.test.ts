import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldIssues, fieldMessages } from "./issues";

const schema = z
  .object({
    organization: z.object({ name: z.string().min(1, "must not be empty") }),
    list: z.array(z.string().email("not an address")),
  })
  .refine((value) => value.list.length < 3, "too many");

function errorOf(input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a failure");
  return result.error;
}

describe("zod issues", () => {
  it("name each bad field by its dotted path, the whole input by the root name", () => {
    expect(fieldIssues(errorOf({ organization: { name: "" }, list: ["x"] }))).toEqual([
      { field: "organization.name", message: "must not be empty" },
      { field: "list.0", message: "not an address" },
    ]);
    expect(
      fieldIssues(errorOf({ organization: { name: "A" }, list: ["a@b.co", "b@c.co", "c@d.co"] })),
    ).toEqual([{ field: "(body)", message: "too many" }]);
  });

  it("group a form's messages by field, each message once", () => {
    const twice = z.string().superRefine((_, ctx) => {
      ctx.addIssue({ code: "custom", message: "taken" });
      ctx.addIssue({ code: "custom", message: "taken" });
    });
    const result = z.object({ slug: twice }).safeParse({ slug: "a" });
    expect(result.error && fieldMessages(result.error)).toEqual({ slug: ["taken"] });

    const messages = fieldMessages(errorOf({ organization: { name: "" }, list: ["x", "y"] }));
    expect(messages).toEqual({
      "organization.name": ["must not be empty"],
      "list.0": ["not an address"],
      "list.1": ["not an address"],
    });
    expect(
      fieldMessages(errorOf({ organization: { name: "A" }, list: ["a@b.co", "b@c.co", "c@d.co"] })),
    ).toEqual({ form: ["too many"] });
  });
});
