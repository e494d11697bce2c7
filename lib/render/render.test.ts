import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { render } from "@react-email/render";
import { createElement, use } from "react";
import { describe, expect, it } from "vitest";
import {
  EVENT_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationEvent,
  notificationEvent,
  parseNotificationEvent,
} from "@/lib/core/events";
import { notificationMessageId } from "@/lib/core/headers";
import { sampleEvent } from "@/lib/core/sample-events";
import { parseSubject, subjectFields } from "@/lib/core/subject";
import {
  EMAIL_DOCTYPE,
  notificationElement,
  renderEmailHtml,
  renderNotification,
} from "@/lib/render/render";

const CONTRACTS_DIR = path.resolve(__dirname, "../../docs/events");
const ctx = { accountId: "acc_1", notificationId: "ntf_1" };

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
const withoutComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, "");

function allSamples(): NotificationEvent[] {
  return NOTIFICATION_TYPES.flatMap((type) =>
    EVENT_STATUSES.map((status) => sampleEvent(type, status)),
  );
}

describe("the platform's contract events", () => {
  const files = readdirSync(CONTRACTS_DIR).filter((file) => file.endsWith(".json"));

  it("are all there to test", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)("%s validates and renders", async (file) => {
    const parsed = parseNotificationEvent(
      JSON.parse(readFileSync(path.join(CONTRACTS_DIR, file), "utf8")),
    );
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
    const { event } = parsed;
    const email = await renderNotification(event, ctx);

    expect(parseSubject(email.subject)).toEqual(subjectFields(event));
    expect(email.html.startsWith(EMAIL_DOCTYPE)).toBe(true);
    for (const part of [email.html, email.text]) {
      expect(part).toContain(event.organization.name);
      expect(part).toContain(event.title);
    }
    expect(email.text).toContain(event.id);
    expect(email.text).not.toMatch(/<[a-z]/i);
    for (const href of hrefs(email.html)) expect(href).toMatch(/^https:\/\//);
    expect(email.headers["X-Beacon-Notification-Type"]).toBe(event.type);
  });
});

describe("renderNotification", () => {
  it("shows what each type promises, in HTML and in text", async () => {
    const expectations: Record<string, string[]> = {
      "incident/open": [
        "Critical",
        "EDR",
        "DESKTOP-RECEPTION-01",
        "deleted volume shadow copies",
        "1. Isolate the host from the network.",
        "3. Reset the credentials of the user who was signed in.",
        "Thu, 26 Nov 2026, 14:03 UTC",
        "https://portal.beacon.test/reports/inc_7f3a9c2e41d8",
        "opens only for Account Admins",
      ],
      "escalation/open": [
        "High",
        "ITDR",
        "Confirm whether the sign-in from Lagos",
        "If nobody answers",
        "The account stays disabled until someone answers.",
        "https://portal.beacon.test/escalations/esc_20b6d1f09a77",
      ],
      "platform_action/open": [
        "Host isolated",
        "Beacon SOC (automated response)",
        "Done to: DESKTOP-RECEPTION-01",
        "Thu, 26 Nov 2026, 14:04 UTC",
      ],
      "account_notice/open": [
        "Agents not reporting",
        "keep your billing accurate",
        "Review the agents that stopped reporting.",
        "https://portal.beacon.test/notices/ntc_91aa07c4e6b3",
      ],
      "incident/resolved": [
        "Resolved: Ransomware on DESKTOP-RECEPTION-01",
        "How it was resolved",
        "the host was released from isolation",
        "Resolved: Thu, 26 Nov 2026, 16:40 UTC",
        "First reported: Thu, 26 Nov 2026, 14:03 UTC",
      ],
      "escalation/resolved": ["re-enabled", "Resolved: Thu, 26 Nov 2026, 07:45 UTC"],
      "platform_action/resolved": ["Host released on DESKTOP-RECEPTION-01", "released the host"],
      "account_notice/resolved": ["Two agents were reinstalled", "Resolved: Fri, 27 Nov 2026"],
    };
    for (const event of allSamples()) {
      const email = await renderNotification(event, ctx);
      const text = email.text.replace(/\s+/g, " ");
      const html = withoutComments(email.html)
        .replace(/<[^>]+>/g, "")
        .replaceAll("&#x27;", "'");
      for (const expected of expectations[`${event.type}/${event.status}`] ?? []) {
        expect(text, `${event.type}/${event.status} text`).toContain(expected);
        expect(html, `${event.type}/${event.status} html`).toContain(expected);
      }
    }
  });

  it("escapes payload markup instead of running it", async () => {
    const event = sampleEvent("incident", "open", {
      id: "org_x",
      name: 'Evil <img src=x onerror="alert(1)"> Org',
    });
    const payload = "<script>alert(1)</script><b>bold</b>";
    Object.assign(event, {
      title: `Title ${payload}`,
      summary: `Summary ${payload}`,
      findings: `Findings ${payload}`,
      host: `<iframe src="https://evil.test">`,
      remediation_steps: [`Step ${payload}`],
    });
    const email = await renderNotification(notificationEvent.parse(event), ctx);
    expect(email.html).not.toMatch(/<script|<b>bold|<iframe|<img/i);
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;");
    expect(email.html).toContain("Evil &lt;img src=x onerror=&quot;alert(1)&quot;&gt; Org");
    // The text part is not HTML: there the payload reads exactly as the platform sent it.
    expect(email.text).toContain(`Findings ${payload}`);
  });

  it("never writes a link that is not https, even for an event that skipped validation", async () => {
    for (const url of ["javascript:alert(1)", "http://portal.beacon.test/x", "data:text/html,x"]) {
      const events = [
        { ...sampleEvent("incident", "open"), report_url: url },
        { ...sampleEvent("escalation", "open"), respond_url: url },
        { ...sampleEvent("platform_action", "resolved"), report_url: url },
        { ...sampleEvent("account_notice", "open"), url },
      ] as NotificationEvent[];
      for (const event of events) {
        const email = await renderNotification(event, ctx);
        expect(hrefs(email.html), `${event.type} ${url}`).toEqual([]);
        expect(email.html).not.toContain(url.slice(0, 10));
      }
    }
  });

  it("marks test sends in the subject, the body and the headers", async () => {
    const email = await renderNotification(sampleEvent("incident", "resolved"), {
      ...ctx,
      isTest: true,
    });
    expect(email.subject.startsWith("[Test] [Resolved] Beacon EDR Critical Incident | ")).toBe(
      true,
    );
    expect(email.text).toContain("Test email");
    expect(email.headers["X-Beacon-Test"]).toBe("true");
    expect(email.headers["In-Reply-To"]).toBeUndefined();
  });

  it("threads the resolved email under the open one", async () => {
    const open = await renderNotification(sampleEvent("incident", "open"), ctx);
    const resolved = await renderNotification(sampleEvent("incident", "resolved"), {
      ...ctx,
      notificationId: "ntf_2",
    });
    expect(resolved.headers["In-Reply-To"]).toBe(open.headers["Message-ID"]);
    expect(resolved.headers.References).toBe(open.headers["Message-ID"]);
    expect(open.headers["Message-ID"]).toBe(
      notificationMessageId({
        accountId: "acc_1",
        type: "incident",
        eventId: "inc_7f3a9c2e41d8",
        status: "open",
      }),
    );
  });

  it("puts no line break in the subject or any header", async () => {
    const event = sampleEvent("account_notice", "open", { id: "o", name: "A\r\nB" });
    const email = await renderNotification(event, ctx);
    expect(email.subject).not.toMatch(/[\r\n]/);
    for (const value of Object.values(email.headers)) expect(value).not.toMatch(/[\r\n]/);
  });
});

const lateData = Promise.resolve("loaded later");
function SuspendingPart() {
  return createElement("p", null, use(lateData));
}

describe("renderEmailHtml", () => {
  it("writes the same markup as @react-email/render for every template and status", async () => {
    for (const event of allSamples()) {
      for (const isTest of [false, true]) {
        const element = notificationElement(event, isTest);
        const ours = await renderEmailHtml(element);
        const library = await render(element);
        // Only React's own comment markers differ between its streaming and string renderers.
        expect(withoutComments(ours), `${event.type}/${event.status}`).toBe(
          withoutComments(library),
        );
      }
    }
  });

  it("derives the same text as the library's one-call plain-text render", async () => {
    for (const event of allSamples()) {
      const email = await renderNotification(event, ctx);
      const library = await render(notificationElement(event), {
        plainText: true,
        unstableTextConversion: true,
      });
      expect(email.text, `${event.type}/${event.status}`).toBe(library);
    }
  });

  it("falls back to the library's render when a component suspends", async () => {
    const html = await renderEmailHtml(createElement("div", null, createElement(SuspendingPart)));
    expect(html).toContain("<p>loaded later</p>");
  });
});
