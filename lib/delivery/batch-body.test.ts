import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleEvent } from "@/lib/core/sample-events";
import { renderContent } from "@/lib/render/render";
import { packBatchBody, unpackBatchBody } from "./batch-body";

describe("stored batch bodies", () => {
  it("give back exactly the bytes that were packed", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (body) => {
        expect(unpackBatchBody(packBatchBody(body))).toBe(body);
      }),
    );
  });

  it("read a batch stored before packing as it is", () => {
    const plain = JSON.stringify([{ to: "a@x.test", html: "<p>hi</p>" }]);
    expect(unpackBatchBody(plain)).toBe(plain);
  });

  it("keep a batch of 100 rendered emails in a small fraction of its size", async () => {
    const emails = [];
    for (let n = 0; n < 34; n++) {
      const event = sampleEvent("incident", "open", { id: `org_${n}`, name: `Org ${n}` });
      event.title = `Suspicious process on host ${n}`;
      const { html, text } = await renderContent(event, false);
      for (const to of ["a@x.test", "b@x.test", "c@x.test"]) emails.push({ to, html, text });
    }
    const body = JSON.stringify(emails.slice(0, 100));
    const stored = packBatchBody(body);
    expect(stored.length).toBeLessThan(body.length / 20);
    expect(unpackBatchBody(stored)).toBe(body);
  });
});
