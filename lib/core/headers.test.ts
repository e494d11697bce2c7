import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MESSAGE_ID_DOMAIN,
  encodeHeaderValue,
  messageIdDomain,
  notificationHeaders,
  notificationMessageId,
  testMessageId,
} from "./headers";
import { sampleEvent } from "./sample-events";
import { toHeaderText } from "./subject";

const ctx = { accountId: "acc_1", notificationId: "ntf_1", fromDomain: "mail.beacon.test" };
const MESSAGE_ID = /^<[A-Za-z0-9.]+@[a-z0-9.-]+>$/;

describe("notificationHeaders", () => {
  it("marks every email as automatic and describes it for mail rules", () => {
    const headers = notificationHeaders(sampleEvent("incident", "open"), ctx);
    expect(headers).toMatchObject({
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "All",
      "X-Beacon-Notification-Type": "incident",
      "X-Beacon-Severity": "critical",
      "X-Beacon-Organization": "Acme Dental",
      "X-Beacon-Notification-Id": "ntf_1",
    });
    expect(headers["Message-ID"]).toMatch(MESSAGE_ID);
    expect(headers["Message-ID"]).toMatch(/@mail\.beacon\.test>$/);
    expect(headers["In-Reply-To"]).toBeUndefined();
    expect(headers.References).toBeUndefined();
  });

  it("says none when the type carries no severity", () => {
    const headers = notificationHeaders(sampleEvent("platform_action", "open"), ctx);
    expect(headers["X-Beacon-Severity"]).toBe("none");
    expect(headers["X-Beacon-Notification-Type"]).toBe("platform_action");
  });

  it("threads a resolved email under the open one without a lookup", () => {
    for (const type of ["incident", "escalation", "platform_action", "account_notice"] as const) {
      const open = notificationHeaders(sampleEvent(type, "open"), ctx);
      const resolved = notificationHeaders(sampleEvent(type, "resolved"), {
        ...ctx,
        notificationId: "ntf_2",
      });
      expect(resolved["Message-ID"]).not.toBe(open["Message-ID"]);
      expect(resolved["In-Reply-To"]).toBe(open["Message-ID"]);
      expect(resolved.References).toBe(open["Message-ID"]);
    }
  });

  it("threads each update under the open email, each with a Message-ID of its own", () => {
    for (const type of ["incident", "escalation", "platform_action", "account_notice"] as const) {
      const open = notificationHeaders(sampleEvent(type, "open"), ctx);
      const first = sampleEvent(type, "updated");
      const later = { ...first, updated_at: "2026-11-27T10:00:00Z" };
      const a = notificationHeaders(first, { ...ctx, notificationId: "ntf_2" });
      const b = notificationHeaders(later, { ...ctx, notificationId: "ntf_3" });
      expect(a["Message-ID"]).toMatch(/^<updated\./);
      expect(new Set([open["Message-ID"], a["Message-ID"], b["Message-ID"]]).size).toBe(3);
      expect(a["In-Reply-To"]).toBe(open["Message-ID"]);
      expect(b.References).toBe(open["Message-ID"]);
    }
  });

  it("leaves an update of an alert Beacon never saw unthreaded", () => {
    const headers = notificationHeaders(sampleEvent("incident", "updated"), {
      ...ctx,
      originalSeen: false,
    });
    expect(headers["In-Reply-To"]).toBeUndefined();
    expect(headers.References).toBeUndefined();
  });

  it("gives the same event the same Message-ID in every render, and other accounts other ids", () => {
    const event = sampleEvent("incident", "open");
    const first = notificationHeaders(event, ctx)["Message-ID"];
    expect(notificationHeaders(event, { ...ctx, notificationId: "ntf_9" })["Message-ID"]).toBe(
      first,
    );
    expect(notificationHeaders(event, { ...ctx, accountId: "acc_2" })["Message-ID"]).not.toBe(
      first,
    );
  });

  it("keeps ids apart that only a naive join would confuse", () => {
    const a = notificationMessageId({
      accountId: "a:b",
      type: "incident",
      eventId: "c",
      status: "open",
    });
    const b = notificationMessageId({
      accountId: "a",
      type: "incident",
      eventId: "b:c",
      status: "open",
    });
    expect(a).not.toBe(b);
  });

  it("never threads a test send with real mail", () => {
    const event = sampleEvent("incident", "resolved");
    const real = notificationHeaders(event, ctx);
    const test = notificationHeaders(event, { ...ctx, isTest: true });
    const otherTest = notificationHeaders(event, { ...ctx, isTest: true, notificationId: "ntf_7" });
    expect(test["Message-ID"]).toMatch(MESSAGE_ID);
    expect(test["Message-ID"]).not.toBe(real["Message-ID"]);
    expect(test["Message-ID"]).not.toBe(real["In-Reply-To"]);
    expect(otherTest["Message-ID"]).not.toBe(test["Message-ID"]);
    expect(test["In-Reply-To"]).toBeUndefined();
    expect(test.References).toBeUndefined();
    expect(test["X-Beacon-Test"]).toBe("true");
    expect(test["Message-ID"]).toBe(testMessageId(ctx));
  });

  it("keeps every header value on one line, whatever the payload and ids hold", () => {
    const event = sampleEvent("escalation", "resolved", {
      id: "org\r\nBcc: victim@x.test",
      name: "Acme\r\nBcc: victim@x.test\u2028(UK)",
    });
    event.id = "esc <weird>\r\n id";
    const headers = notificationHeaders(event, {
      accountId: "acc\n1",
      notificationId: "ntf\r\nX-Evil: 1",
      fromDomain: "evil.test>\r\nBcc: x@y.test",
    });
    for (const [name, value] of Object.entries(headers)) {
      expect(name).toMatch(/^[A-Za-z-]+$/);
      expect(value, name).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
      expect(value.length, name).toBeGreaterThan(0);
    }
    expect(headers["X-Beacon-Organization"]).toBe("Acme Bcc: victim@x.test (UK)");
    expect(headers["Message-ID"]).toMatch(MESSAGE_ID);
    expect(headers["In-Reply-To"]).toMatch(MESSAGE_ID);
    expect(headers["Message-ID"]).toContain(`@${DEFAULT_MESSAGE_ID_DOMAIN}>`);
  });

  it("uses the sending domain only when it is a plain hostname", () => {
    expect(messageIdDomain("Mail.Example.COM")).toBe("mail.example.com");
    expect(messageIdDomain(undefined)).toBe(DEFAULT_MESSAGE_ID_DOMAIN);
    expect(messageIdDomain("")).toBe(DEFAULT_MESSAGE_ID_DOMAIN);
    expect(messageIdDomain("-bad.example")).toBe(DEFAULT_MESSAGE_ID_DOMAIN);
    expect(messageIdDomain("a b.example")).toBe(DEFAULT_MESSAGE_ID_DOMAIN);
    expect(messageIdDomain("user@example.com")).toBe(DEFAULT_MESSAGE_ID_DOMAIN);
  });
});

describe("encodeHeaderValue", () => {
  const decode = (value: string) =>
    value
      .split(" ")
      .map((word) => {
        const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
        return match ? Buffer.from(match[1]!, "base64").toString("utf8") : word;
      })
      .join("");

  it("leaves printable ASCII as it is", () => {
    expect(encodeHeaderValue("Acme Dental (UK)")).toBe("Acme Dental (UK)");
  });

  it("MIME-encodes other text in words of at most 75 characters that decode back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), (name) => {
        const encoded = encodeHeaderValue(name);
        const expected = toHeaderText(name);
        if (/^[\x20-\x7e]*$/.test(expected)) return encoded === expected;
        return (
          /^[\x20-\x7e]*$/.test(encoded) &&
          encoded.split(" ").every((word) => word.length <= 75) &&
          decode(encoded) === expected
        );
      }),
    );
  });
});
