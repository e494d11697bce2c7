import { describe, expect, it } from "vitest";
import {
  chooseOrganization,
  type PastNotification,
  readPreviewParams,
  resolvePreview,
  SAMPLE_SOURCE,
} from "./preview";
import { SAMPLE_EVENTS, sampleEvent } from "./sample-events";

const ACME = { id: "org-1", externalId: "ext_acme", name: "Acme (UK) Ltd" };
const GLOBEX = { id: "org-2", externalId: "ext_globex", name: "Globex" };
const ORGS = [ACME, GLOBEX];

function pastIncident(overrides: Partial<PastNotification> = {}): PastNotification {
  const payload = {
    ...sampleEvent("incident", "open", { id: "ext_globex", name: "Globex (old name)" }),
    title: "Credential theft on SRV-9",
    vendor_field: "kept",
  };
  return {
    id: "ntf-1",
    type: "incident",
    status: "open",
    organizationId: GLOBEX.id,
    payload,
    ...overrides,
  };
}

describe("readPreviewParams", () => {
  it("defaults to an open Incident from sample data", () => {
    expect(readPreviewParams({})).toEqual({
      request: { type: "incident", status: "open", source: SAMPLE_SOURCE, organizationId: "" },
      problems: [],
    });
  });

  it("reads the reminder form as the open event, reminded", () => {
    expect(readPreviewParams({ type: "escalation", status: "reminder" })).toEqual({
      request: {
        type: "escalation",
        status: "open",
        reminder: true,
        source: SAMPLE_SOURCE,
        organizationId: "",
      },
      problems: [],
    });
  });

  it("reads every field and takes the first of repeated ones", () => {
    const { request, problems } = readPreviewParams({
      type: ["escalation", "incident"],
      status: "resolved",
      source: "ntf-9",
      org: "org-2",
    });
    expect(request).toEqual({
      type: "escalation",
      status: "resolved",
      source: "ntf-9",
      organizationId: "org-2",
    });
    expect(problems).toEqual([]);
  });

  it("reports an unknown type or form and falls back to the default", () => {
    const { request, problems } = readPreviewParams({ type: "phishing", status: "closed" });
    expect(request.type).toBe("incident");
    expect(request.status).toBe("open");
    expect(problems.map((p) => p.field)).toEqual(["type", "status"]);
  });
});

describe("chooseOrganization", () => {
  it("takes the requested organization when it is the account's", () => {
    expect(chooseOrganization(ORGS, "org-2", "first")).toEqual({
      organization: GLOBEX,
      problem: null,
    });
  });

  it("refuses an id that is not among the account's organizations, naming the field", () => {
    const { organization, problem } = chooseOrganization(ORGS, "org-of-another-account", "first");
    expect(organization).toEqual(ACME);
    expect(problem?.field).toBe("organizationId");
  });

  it("uses a past notification's own organization, or none when it is gone", () => {
    expect(chooseOrganization(ORGS, "", { pastOrganizationId: "org-2" }).organization).toEqual(
      GLOBEX,
    );
    expect(chooseOrganization(ORGS, "", { pastOrganizationId: null }).organization).toBeNull();
  });

  it("has nothing to choose for an account without organizations", () => {
    expect(chooseOrganization([], "", "first")).toEqual({ organization: null, problem: null });
  });
});

describe("resolvePreview", () => {
  it("puts the chosen organization into the sample, for the subject and for routing", () => {
    const { preview, problems } = resolvePreview(
      { type: "incident", status: "resolved", source: SAMPLE_SOURCE, organizationId: "org-2" },
      { organizations: ORGS, past: null },
    );
    expect(problems).toEqual([]);
    expect(preview.event.organization).toEqual({ id: "ext_globex", name: "Globex" });
    expect(preview.event.status).toBe("resolved");
    expect(preview.organizationId).toBe("org-2");
    expect(preview.sourceNotificationId).toBeNull();
  });

  it("never changes the shared sample events", () => {
    resolvePreview(
      { type: "incident", status: "open", source: SAMPLE_SOURCE, organizationId: "org-1" },
      { organizations: ORGS, past: null },
    );
    expect(SAMPLE_EVENTS.incident.open.organization.name).toBe("Acme Dental");
  });

  it("keeps the sample's own organization when the account has none", () => {
    const { preview } = resolvePreview(
      { type: "account_notice", status: "open", source: SAMPLE_SOURCE, organizationId: "" },
      { organizations: [], past: null },
    );
    expect(preview.event.organization).toEqual(SAMPLE_EVENTS.account_notice.open.organization);
    expect(preview.organizationId).toBeNull();
  });

  it("renders a past notification's event with its own organization's current name", () => {
    const past = pastIncident();
    const { preview, problems } = resolvePreview(
      { type: "incident", status: "open", source: "ntf-1", organizationId: "" },
      { organizations: ORGS, past },
    );
    expect(problems).toEqual([]);
    expect(preview.event.title).toBe("Credential theft on SRV-9");
    expect(preview.event.organization).toEqual({ id: "ext_globex", name: "Globex" });
    expect((preview.event as Record<string, unknown>).vendor_field).toBe("kept");
    expect(preview.organizationId).toBe("org-2");
    expect(preview.sourceNotificationId).toBe("ntf-1");
    expect((past.payload.organization as { name: string }).name).toBe("Globex (old name)");
  });

  it("lets the admin preview a past notification for another organization", () => {
    const { preview } = resolvePreview(
      { type: "incident", status: "open", source: "ntf-1", organizationId: "org-1" },
      { organizations: ORGS, past: pastIncident() },
    );
    expect(preview.event.organization.name).toBe("Acme (UK) Ltd");
    expect(preview.organizationId).toBe("org-1");
  });

  it("refuses a notification that was not found for the account", () => {
    const { preview, problems } = resolvePreview(
      { type: "incident", status: "open", source: "ntf-other-account", organizationId: "" },
      { organizations: ORGS, past: null },
    );
    expect(problems).toEqual([{ field: "source", message: expect.stringMatching(/not one of/) }]);
    expect(preview.sourceNotificationId).toBeNull();
    expect(preview.event.title).toBe(SAMPLE_EVENTS.incident.open.title);
  });

  it("refuses a past notification of another type or form", () => {
    const { problems } = resolvePreview(
      { type: "incident", status: "resolved", source: "ntf-1", organizationId: "" },
      { organizations: ORGS, past: pastIncident() },
    );
    expect(problems[0]?.message).toMatch(/not a resolved Incident/);
  });

  it("names the fields of a stored event that no longer validates", () => {
    const past = pastIncident();
    const { problems, preview } = resolvePreview(
      { type: "incident", status: "open", source: "ntf-1", organizationId: "" },
      {
        organizations: ORGS,
        past: { ...past, payload: { ...past.payload, report_url: "http://x" } },
      },
    );
    expect(problems[0]?.message).toMatch(/report_url/);
    expect(preview.sourceNotificationId).toBeNull();
  });
});
