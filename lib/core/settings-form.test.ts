import { describe, expect, it } from "vitest";
import { defaultEmailSettings } from "./settings";
import {
  formFieldErrors,
  pendingField,
  readSettingsForm,
  saveSettingsSchema,
} from "./settings-form";

function form(settings: unknown, extra: Record<string, string> = {}) {
  const data = new FormData();
  data.set("integrationId", "int_1");
  data.set("settings", typeof settings === "string" ? settings : JSON.stringify(settings));
  for (const [name, value] of Object.entries(extra)) data.set(name, value);
  return data;
}

function parse(data: FormData) {
  return saveSettingsSchema.safeParse(readSettingsForm(data));
}

describe("readSettingsForm + saveSettingsSchema", () => {
  it("reads the JSON state and validates it in full", () => {
    const result = parse(form(defaultEmailSettings(["A@x.com"])));
    expect(result.success && result.data).toEqual({
      integrationId: "int_1",
      settings: defaultEmailSettings(["a@x.com"]),
    });
  });

  it("adds text typed but not yet turned into chips, to the list it was typed in", () => {
    const settings = defaultEmailSettings(["a@x.com"]);
    settings.types.incident.override = true;
    settings.organizationRules = [
      { id: "r1", organizationId: "o1", types: ["incident"], addresses: [], mode: "add" },
    ];
    const result = parse(
      form(settings, {
        [pendingField.defaults]: "b@x.com; a@x.com",
        [pendingField.type("incident")]: "ir@x.com",
        [pendingField.rule("r1")]: "org@x.com\norg2@x.com",
      }),
    );
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.settings.defaults).toEqual(["a@x.com", "b@x.com"]);
    expect(result.data.settings.types.incident.addresses).toEqual(["ir@x.com"]);
    expect(result.data.settings.organizationRules[0]?.addresses).toEqual([
      "org@x.com",
      "org2@x.com",
    ]);
  });

  it("names bad pending text under its list", () => {
    const result = parse(
      form(defaultEmailSettings(["a@x.com"]), { [pendingField.type("escalation")]: "oops" }),
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    const errors = formFieldErrors(
      Object.fromEntries(
        result.error.issues.map((issue) => [issue.path.join("."), [issue.message]]),
      ),
    );
    expect(errors).toEqual({ "types.escalation.addresses": ['"oops" is missing an @'] });
  });

  it("refuses unreadable JSON and a missing integration without throwing", () => {
    const data = new FormData();
    data.set("settings", "{not json");
    const result = parse(data);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["integrationId", "The form is missing its integration; reload the page"],
      ["settings", "The settings could not be read; reload the page and try again"],
    ]);
  });
});
