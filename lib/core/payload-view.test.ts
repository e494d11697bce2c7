import { describe, expect, it } from "vitest";
import { PAYLOAD_VIEW_LIMITS, payloadView } from "./payload-view";

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
}

describe("payloadView", () => {
  it("shows an ordinary payload exactly as JSON.stringify(…, null, 2) would", () => {
    const payload = { id: "inc_1", tags: ["a", "b"], nested: { x: 1, y: null, z: [] }, ok: true };
    expect(payloadView(payload)).toEqual({
      text: JSON.stringify(payload, null, 2),
      truncated: false,
    });
  });

  it("keeps an 18 KB payload nested 3,000 deep to a bounded size", () => {
    const payload = nested(3000);
    const view = payloadView(payload);
    expect(view.truncated).toBe(true);
    expect(view.text.length).toBeLessThan(2_000);
    expect(view.text).toContain("{…}");
  });

  it("cuts a wide payload at the character limit", () => {
    const payload = { items: Array.from({ length: 100_000 }, (_, i) => `item-${i}`) };
    const view = payloadView(payload);
    expect(view.truncated).toBe(true);
    expect(view.text.length).toBeLessThanOrEqual(PAYLOAD_VIEW_LIMITS.maxChars + 2);
  });
});
