import { describe, expect, it } from "vitest";
import { DIGEST_SUBJECT, digestSubject } from "../lib/core/digest";
import { sampleDigest } from "../lib/core/digest-sample";
import { SUBJECT_PATTERN, SUBJECT_PATTERN_POSIX } from "../lib/core/subject";
import { renderDigestContent } from "../lib/render/render";

describe("the digest email", () => {
  it("groups the sample's notifications by organization with each subject line and link", async () => {
    const digest = sampleDigest();
    const { html, text } = await renderDigestContent(digest, "ref-1");
    expect(digest.organizations.map((org) => org.name)).toEqual(["Corner Bakery", "Initech"]);
    for (const org of digest.organizations) {
      expect(text).toContain(org.name);
      for (const item of org.items) {
        expect(text).toContain(item.subject);
        if (item.url) expect(html).toContain(`href="${item.url}"`);
      }
    }
    expect(text).toContain("2 Account Notices");
    expect(text).toContain("Beacon reference: ref-1");
  });

  it("has a subject of its own shape that the alert regexes never take for an alert", () => {
    const subject = digestSubject(sampleDigest());
    expect(subject).toBe("Beacon Digest 15:00 | 4 notifications from 2 organizations");
    expect(subject).toMatch(DIGEST_SUBJECT);
    expect(subject).not.toMatch(SUBJECT_PATTERN);
    expect(subject).not.toMatch(new RegExp(SUBJECT_PATTERN_POSIX));
  });
});
