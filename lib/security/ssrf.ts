import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

/*
 * Server-side request forgery guard for the endpoints admins type in (the PSA's webhook).
 * An address in one of these ranges is refused at save, and again at connect time on the
 * address the connection really uses (after DNS), so a name that later resolves elsewhere
 * (DNS rebinding) is refused too. INTEGRATIONS_ALLOW_PRIVATE_TARGETS=1 lifts it.
 */

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local (includes AWS's metadata fd00:ec2::254)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["100::", 64], // discard
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, when it is one. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return null;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why an IP address may not be called (loopback, private…), or null when it may. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blockedAddressReason(v4);
    return blocked.check(address, "ipv6")
      ? `${address} is a loopback, private, link-local or reserved address`
      : null;
  }
  return blocked.check(address, "ipv4")
    ? `${address} is a loopback, private, link-local or metadata address`
    : null;
}

export type TargetCheck = { ok: true } | { ok: false; message: string };

type Resolve = (hostname: string) => Promise<string[]>;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    ),
  );

/** URL host without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The check at save: every address the endpoint's host resolves to must be public. With
 * `allowPrivate` anything that resolves is accepted.
 */
export async function checkTarget(
  rawUrl: string,
  options: { allowPrivate: boolean; resolve?: Resolve },
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, message: "Enter a full URL, like https://psa.example.com/beacon" };
  }
  const host = bareHost(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { ok: false, message: `${host} could not be resolved (${code}): check the URL` };
    }
  }
  if (options.allowPrivate) return { ok: true };
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) {
      return {
        ok: false,
        message: `${host} resolves to ${reason}: Beacon only calls public endpoints`,
      };
    }
  }
  return { ok: true };
}

/**
 * A `lookup` for node:http(s) that refuses a blocked address at connect time: the address
 * checked is the one the socket connects to, so there is no gap between check and use.
 */
export function guardedLookup(options: { allowPrivate: boolean }) {
  return (
    hostname: string,
    lookupOptions: { all?: boolean; family?: number },
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = options.allowPrivate
        ? null
        : addresses.map((entry) => blockedAddressReason(entry.address)).find(Boolean);
      if (refused) {
        const blockedError: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${refused}: refused`,
        );
        blockedError.code = "EBLOCKEDTARGET";
        return callback(blockedError, []);
      }
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}
