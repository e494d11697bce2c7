import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { classifyAnswer, postTicket } from "./psa-webhook";

/** The connect-time half of the SSRF guard: the address the socket would use is checked. */
describe("postTicket", () => {
  it("refuses a loopback endpoint at connect time, by name and by IP literal, unless allowed", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(201).end("{}");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const options = { allowPrivate: false, timeoutMs: 2000 };
      const byName = await postTicket(`https://localhost:${port}/t`, "{}", {}, options);
      expect(byName).toMatchObject({ kind: "failed", code: "EBLOCKEDTARGET" });
      const byIp = await postTicket(`https://127.0.0.1:${port}/t`, "{}", {}, options);
      expect(byIp).toMatchObject({ kind: "failed", code: "EBLOCKEDTARGET" });
      const plain = await postTicket(`http://psa.example.com/t`, "{}", {}, options);
      expect(plain).toMatchObject({ kind: "failed", code: "EINSECURE" });
      expect(hits).toBe(0);

      const allowed = await postTicket(
        `http://localhost:${port}/t`,
        "{}",
        {},
        {
          allowPrivate: true,
          timeoutMs: 2000,
        },
      );
      expect(allowed).toMatchObject({ kind: "answered", status: 201 });
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });

  it("does not follow a redirect", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await postTicket(
        `http://127.0.0.1:${port}/t`,
        "{}",
        {},
        {
          allowPrivate: true,
          timeoutMs: 2000,
        },
      );
      expect(answer).toMatchObject({ kind: "answered", status: 302 });
      expect(hits).toBe(1);
      expect(classifyAnswer("d1", "psa", answer)).toMatchObject({
        kind: "rejected",
        error: expect.stringContaining("redirects are not followed"),
      });
    } finally {
      server.close();
    }
  });
});
