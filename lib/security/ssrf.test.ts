import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkTarget } from "./ssrf";

describe("blockedAddressReason", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::10.0.0.1",
  ])("refuses %s", (address) => {
    expect(blockedAddressReason(address)).toMatch(/loopback|private|link-local|reserved/);
  });

  it.each(["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "lets %s through",
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );
});

describe("checkTarget", () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it("refuses a name that resolves to a private address, naming it", async () => {
    const check = await checkTarget("https://psa.internal.test/x", {
      allowPrivate: false,
      resolve: resolvesTo("93.184.216.34", "10.0.0.7"),
    });
    expect(check).toEqual({
      ok: false,
      message: expect.stringContaining("psa.internal.test resolves to 10.0.0.7"),
    });
  });

  it("refuses an IP literal, IPv6 in brackets included, without asking DNS", async () => {
    const resolve = async () => {
      throw new Error("DNS must not be asked");
    };
    for (const url of ["https://127.0.0.1/x", "https://[::1]:8443/x", "https://169.254.169.254/"]) {
      const check = await checkTarget(url, { allowPrivate: false, resolve });
      expect(check.ok, url).toBe(false);
    }
  });

  it("accepts a public name, and anything that resolves when private targets are allowed", async () => {
    expect(
      await checkTarget("https://psa.example.com/x", {
        allowPrivate: false,
        resolve: resolvesTo("93.184.216.34"),
      }),
    ).toEqual({ ok: true });
    expect(
      await checkTarget("http://localhost:9999/x", {
        allowPrivate: true,
        resolve: resolvesTo("127.0.0.1"),
      }),
    ).toEqual({ ok: true });
  });

  it("says so when the name does not resolve", async () => {
    const check = await checkTarget("https://nowhere.invalid/x", {
      allowPrivate: false,
      resolve: async () => {
        throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      },
    });
    expect(check).toEqual({ ok: false, message: expect.stringContaining("ENOTFOUND") });
  });
});
