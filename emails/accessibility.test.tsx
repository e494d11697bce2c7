import { describe, expect, it } from "vitest";
import { EVENT_STATUSES, NOTIFICATION_TYPES } from "../lib/core/events";
import { HOUR_MS, reminderFacts } from "../lib/core/reminders";
import { sampleEvent } from "../lib/core/sample-events";
import {
  htmlToText,
  notificationElement,
  renderEmailHtml,
  renderNotification,
} from "../lib/render/render";
import { colors } from "./_components/theme";
import AccountNoticeResolvedEmail from "./account-notice-resolved";
import EscalationResolvedEmail from "./escalation-resolved";
import IncidentResolvedEmail from "./incident-resolved";
import PlatformActionResolvedEmail from "./platform-action-resolved";

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("email accessibility", () => {
  it("keeps every text colour at WCAG AA contrast (4.5:1) on its background", () => {
    const pairs: [string, string, string][] = [
      ["body text", colors.text, colors.card],
      ["muted text", colors.muted, colors.card],
      ["links", colors.link, colors.card],
      ["button", "#ffffff", colors.link],
      ["critical badge", "#ffffff", colors.critical],
      ["high badge", "#ffffff", colors.high],
      ["low badge", "#ffffff", colors.low],
      ["resolved badge", "#ffffff", colors.resolved],
      ["test banner", colors.testText, colors.testBackground],
    ];
    for (const [name, foreground, background] of pairs) {
      expect(contrast(foreground, background), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("sets the language, one h1, a document title, and alt text on any image", async () => {
    for (const type of NOTIFICATION_TYPES) {
      for (const status of EVENT_STATUSES) {
        const { html, subject } = await renderNotification(sampleEvent(type, status), {
          accountId: "a",
          notificationId: "n",
        });
        const where = `${type}/${status}`;
        expect(html, where).toMatch(/<html[^>]* lang="en"/);
        expect(html.match(/<h1[\s>]/g)?.length, where).toBe(1);
        expect(html, where).toMatch(/<h2[\s>]/);
        expect(html, where).toContain(`<title>${subject.replaceAll("&", "&amp;")}</title>`);
        for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img, where).toMatch(/ alt="/);
      }
    }
  });

  it("renders a reminder with the same structure, saying which reminder and how long open", async () => {
    const html = await renderEmailHtml(
      notificationElement(sampleEvent("escalation", "open"), false, reminderFacts(2, 4 * HOUR_MS)),
    );
    expect(html.match(/<h1[\s>]/g)?.length).toBe(1);
    expect(htmlToText(html)).toContain("Reminder 2: this alert has been open for 8 hours");
    expect(html).toContain("<title>[Reminder] Beacon ITDR High Escalation");
  });

  it("previews each resolved form with a resolved sample", () => {
    const previews = [
      IncidentResolvedEmail,
      EscalationResolvedEmail,
      PlatformActionResolvedEmail,
      AccountNoticeResolvedEmail,
    ];
    for (const preview of previews) expect(preview.PreviewProps.event.status).toBe("resolved");
  });
});
