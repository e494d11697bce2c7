import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_TYPES, parseNotificationEvent } from "@/lib/core/events";
import { openApiDocument } from "./openapi";

const doc = openApiDocument("https://beacon.example");

/** A validator of the document's request body schema, references resolved in the document. */
function bodyValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components });
  const body =
    doc.paths["/api/v1/accounts/{slug}/notifications"].post.requestBody.content["application/json"];
  const schema = JSON.parse(
    JSON.stringify(body.schema).replaceAll('"#/components', '"doc#/components'),
  );
  return { validate: ajv.compile(schema), examples: body.examples };
}

describe("the OpenAPI document", () => {
  it("has an example of each type and status, each accepted by the endpoint's own parser and by the schema it shows", () => {
    const { validate, examples } = bodyValidator();
    const names = Object.keys(examples);
    expect(names).toHaveLength(NOTIFICATION_TYPES.length * 2);
    for (const [name, { value }] of Object.entries(examples)) {
      expect(parseNotificationEvent(value).ok, name).toBe(true);
      expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("refuses what the endpoint refuses: a missing host, a wrong type, a line break in a title", () => {
    const { validate, examples } = bodyValidator();
    const incident = structuredClone(examples.incident_open?.value) as Record<string, unknown>;
    for (const bad of [
      { ...incident, host: undefined },
      { ...incident, type: "weather" },
      { ...incident, title: "two\nlines" },
      { ...incident, report_url: "http://not-https.example" },
    ]) {
      const json = JSON.parse(JSON.stringify(bad));
      expect(parseNotificationEvent(json).ok).toBe(false);
      expect(validate(json)).toBe(false);
    }
  });

  it("describes the platform's contract examples in docs/events as valid", () => {
    const { validate } = bodyValidator();
    const dir = path.resolve(__dirname, "../../docs/events");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const event = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
      expect(validate(event), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("names every required field of a type as the schema requires it", () => {
    const incident = doc.components.schemas.IncidentEvent as { required: string[] };
    expect(incident.required).toEqual(
      expect.arrayContaining(["id", "host", "report_url", "severity"]),
    );
    expect(doc.servers).toEqual([{ url: "https://beacon.example" }]);
  });
});
