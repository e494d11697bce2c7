import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EVENT_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationEvent,
  notificationEvent,
  SEVERITIES,
} from "./events";
import { sampleEvent } from "./sample-events";
import {
  formatSubject,
  parseSubject,
  SUBJECT_PATTERN,
  SUBJECT_PATTERN_POSIX,
  subjectFields,
  subjectOrganization,
} from "./subject";

// Names people really give organizations, plus the awkward ones.
const awkwardName = fc.constantFrom(
  "Acme (UK) Ltd",
  "Acme (UK) (Europe)",
  "(Acme)",
  "Acme ((nested))",
  "Acme )( Ltd",
  "Acme (",
  "Zahnarztpraxis Müller & Söhne",
  "株式会社サンプル",
  "Clínica São João | Filial",
  'O\'Brien "Legal" <b>LLP</b>',
  "  padded  name  ",
  "line\r\nbreak",
  "tab\there",
  "NEL\u0085and\u2028LS",
  "emoji 🦷 dental",
  "x".repeat(200),
);
const anyText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 300, unit: "grapheme" }),
  fc.string({ minLength: 1, maxLength: 80, unit: "binary" }),
  fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom("(", ")", " ", "|", "a", "\n") }),
  awkwardName,
);

const subjectCase = fc.record({
  type: fc.constantFrom(...NOTIFICATION_TYPES),
  status: fc.constantFrom(...EVENT_STATUSES),
  test: fc.boolean(),
  reminder: fc.boolean(),
  organization: anyText,
  title: anyText,
  product: fc.option(anyText, { nil: undefined }),
  severity: fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
});

function eventFor(c: {
  type: (typeof NOTIFICATION_TYPES)[number];
  status: (typeof EVENT_STATUSES)[number];
  organization: string;
  title: string;
  product?: string;
  severity?: (typeof SEVERITIES)[number];
}): NotificationEvent {
  const event = sampleEvent(c.type, c.status, { id: "org_x", name: c.organization });
  event.title = c.title;
  // Incidents and escalations always carry a severity and a product; the others may.
  if (c.type === "incident" || c.type === "escalation") {
    event.product = c.product ?? "EDR";
    event.severity = c.severity ?? "high";
  } else {
    event.product = c.product;
    event.severity = c.severity;
  }
  return event;
}

describe("formatSubject / parseSubject", () => {
  it("formats the contract's incident as documented", () => {
    expect(formatSubject(sampleEvent("incident", "open"))).toBe(
      "Beacon EDR Critical Incident | Ransomware on DESKTOP-RECEPTION-01 (Acme Dental)",
    );
    expect(formatSubject(sampleEvent("incident", "resolved"), { test: true })).toBe(
      "[Test] [Resolved] Beacon EDR Critical Incident | Ransomware on DESKTOP-RECEPTION-01 (Acme Dental)",
    );
    expect(formatSubject(sampleEvent("incident", "updated"))).toBe(
      "[Update] Beacon EDR Critical Incident | Ransomware on DESKTOP-RECEPTION-01 (Acme Dental)",
    );
    expect(formatSubject(sampleEvent("escalation", "open"), { reminder: true })).toBe(
      "[Reminder] Beacon ITDR High Escalation | Suspicious sign-in needs confirmation (Globex Legal)",
    );
    expect(formatSubject(sampleEvent("platform_action", "open"))).toBe(
      "Beacon Platform Action | Host isolated (Acme Dental)",
    );
    expect(formatSubject(sampleEvent("account_notice", "open"))).toBe(
      "Beacon Account Notice | Agents not reporting (Initech)",
    );
  });

  it("round-trips every type, status and test flag with arbitrary names and titles", () => {
    fc.assert(
      fc.property(subjectCase, (c) => {
        const event = eventFor(c);
        const options = { test: c.test, reminder: c.reminder };
        const subject = formatSubject(event, options);
        expect(subject).not.toMatch(/[\r\n]/);
        expect(SUBJECT_PATTERN.test(subject)).toBe(true);
        expect(parseSubject(subject)).toEqual(subjectFields(event, options));
        const parsed = parseSubject(subject)!;
        expect(parsed.type).toBe(c.type);
        expect(parsed.resolved).toBe(c.status === "resolved");
        expect(parsed.update).toBe(c.status === "updated");
        expect(parsed.reminder).toBe(c.reminder && c.status === "open");
        expect(parsed.test).toBe(c.test);
        expect(parsed.severity).toBe(event.severity);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a one-line organization name with balanced parentheses exactly as written", () => {
    const cleanName = fc
      .string({ minLength: 1, maxLength: 200, unit: "grapheme" })
      .map((s) => s.replace(/[\s\p{Cc}]+/gu, " ").trim())
      .filter((s) => s.length > 0 && !/[()]/.test(s));
    const withParens = fc
      .tuple(cleanName, cleanName)
      .map(([a, b]) => `${a} (${b})`.slice(0, 200).trim())
      .filter((s) => /^(?:[^()]|\([^()]*\))*$/.test(s));
    fc.assert(
      fc.property(
        fc.oneof(cleanName, withParens),
        fc.constantFrom(...NOTIFICATION_TYPES),
        (name, type) => {
          const event = sampleEvent(type, "open", { id: "org_x", name });
          expect(notificationEvent.safeParse(event).success).toBe(true);
          expect(parseSubject(formatSubject(event))?.organization).toBe(name);
        },
      ),
    );
  });

  it("takes the organization from the last parenthesised group even when the title has parentheses and bars", () => {
    const event = sampleEvent("incident", "open", { id: "o", name: "Acme (UK) Ltd" });
    event.title = "Mimikatz (credential dumping) | seen on SRV-01 (DC)";
    const subject = formatSubject(event);
    expect(subject).toBe(
      "Beacon EDR Critical Incident | Mimikatz (credential dumping) | seen on SRV-01 (DC) (Acme (UK) Ltd)",
    );
    expect(parseSubject(subject)).toMatchObject({
      title: "Mimikatz (credential dumping) | seen on SRV-01 (DC)",
      organization: "Acme (UK) Ltd",
      product: "EDR",
      severity: "critical",
    });
  });

  it("turns unbalanced or nested parentheses in an organization name into brackets", () => {
    expect(subjectOrganization("Acme (")).toBe("Acme [");
    expect(subjectOrganization("A ((B))")).toBe("A [[B]]");
    expect(subjectOrganization("A (B) (C)")).toBe("A (B) (C)");
  });

  it("never puts a line break in a subject, whatever the event holds", () => {
    const event = sampleEvent("escalation", "open", { id: "o", name: "Evil\r\nBcc: x@y.test" });
    event.title = "Title\nSubject: spoofed";
    event.product = "IT\rDR";
    const subject = formatSubject(event);
    expect(subject).toBe(
      "Beacon IT DR High Escalation | Title Subject: spoofed (Evil Bcc: x@y.test)",
    );
  });

  it("rejects subjects that are not Beacon's", () => {
    expect(parseSubject("Re: Beacon EDR High Incident | x (Acme)")).toBeNull();
    expect(parseSubject("Beacon EDR Urgent Incident | x (Acme)")).toBeNull();
    expect(parseSubject("Beacon EDR High Incident | x")).toBeNull();
    expect(parseSubject("Beacon EDR High Incident | x (Acme))")).toBeNull();
    expect(parseSubject("[Resolved] [Test] Beacon Incident | x (Acme)")).toBeNull();
  });

  it("gives a POSIX pattern that a Sieve or procmail rule can use to find the organization", () => {
    const cases = fc.sample(subjectCase, { numRuns: 300, seed: 42 });
    const events = cases.map((c) => ({ c, event: eventFor(c) }));
    const subjects = events.map(({ c, event }) => formatSubject(event, { test: c.test }));
    // GNU sed -E is a POSIX extended regex engine, like Sieve's :regex.
    const sed = spawnSync(
      "sed",
      ["-nE", `s/${SUBJECT_PATTERN_POSIX.replaceAll("/", "\\/")}/\\3/p`],
      {
        input: `${subjects.join("\n")}\n`,
        encoding: "utf8",
        env: { ...process.env, LC_ALL: "C" },
      },
    );
    expect(sed.status).toBe(0);
    const organizations = sed.stdout.split("\n").slice(0, -1);
    expect(organizations).toEqual(
      events.map(({ c, event }) => subjectFields(event, { test: c.test }).organization),
    );
  });
});
