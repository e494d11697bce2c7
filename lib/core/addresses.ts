/**
 * Email address lists as admins type or paste them: split, normalise, merge, validate.
 * Plain TypeScript (no server imports) so the chip inputs in the browser and the zod
 * schema on the server apply exactly the same rules.
 */

export const MAX_ADDRESSES_PER_LIST = 50;
export const MAX_ADDRESS_LENGTH = 254;
export const MAX_LOCAL_PART_LENGTH = 64;

export type AddressError = { address: string; message: string };
export type AddressListResult = { addresses: string[]; errors: AddressError[] };

// Commas, semicolons, any whitespace (spaces, tabs, new lines) separate addresses.
const SEPARATORS = /[,;\s]+/;
// RFC 5322 dot-atom characters; quoted local parts are refused on purpose (they are how
// display-name and header tricks sneak in, and no alerting inbox needs them).
const LOCAL_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const DISPLAY_NAME_CHARS = /[<>"()[\]\\:]/;

/** Splits typed or pasted text into candidate addresses; empty pieces are dropped. */
export function splitAddressInput(raw: string): string[] {
  return raw.split(SEPARATORS).filter((piece) => piece.length > 0);
}

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Why `address` (already normalised) is not acceptable, or null when it is. */
export function addressProblem(address: string): string | null {
  if (address.length === 0) return "is empty";
  if (/[\r\n]/.test(address)) return "contains a line break";
  if (address.length > MAX_ADDRESS_LENGTH) {
    return `is longer than ${MAX_ADDRESS_LENGTH} characters`;
  }
  if (DISPLAY_NAME_CHARS.test(address)) {
    return "contains <, >, quotes or brackets: enter only the address, like name@example.com";
  }
  if (/\s/.test(address)) return "contains a space";
  if (/[^\x21-\x7e]/.test(address)) {
    return "contains characters other than plain ASCII (use the punycode form of the domain)";
  }
  const at = address.indexOf("@");
  if (at === -1) return "is missing an @";
  if (address.indexOf("@", at + 1) !== -1) return "has more than one @";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length === 0) return "has nothing before the @";
  if (local.length > MAX_LOCAL_PART_LENGTH) {
    return `has more than ${MAX_LOCAL_PART_LENGTH} characters before the @`;
  }
  if (!local.split(".").every((atom) => LOCAL_ATOM.test(atom))) {
    return "has a part before the @ that is not valid (dots may not start, end or repeat)";
  }
  if (domain.length === 0) return "has nothing after the @";
  const labels = domain.split(".");
  if (labels.length < 2) return "needs a domain with a dot, like example.com";
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) {
    return "has a domain that is not valid";
  }
  if (!TOP_LEVEL.test(labels[labels.length - 1] ?? "")) {
    return "has a domain that does not end in a valid top-level domain";
  }
  return null;
}

/**
 * Normalises, validates and de-duplicates a list of addresses, keeping the first
 * occurrence's position. Each refusal names the address it concerns. Addresses past
 * the per-list limit are refused too, so nothing is dropped silently.
 */
export function checkAddresses(
  candidates: readonly string[],
  max: number = MAX_ADDRESSES_PER_LIST,
): AddressListResult {
  const addresses: string[] = [];
  const errors: AddressError[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const address = normalizeAddress(candidate);
    if (seen.has(address)) continue;
    seen.add(address);
    const problem = addressProblem(address);
    if (problem) {
      errors.push({ address, message: `${quote(address)} ${problem}` });
    } else if (addresses.length >= max) {
      errors.push({
        address,
        message: `${quote(address)} was not added: a list holds at most ${max} addresses`,
      });
    } else {
      addresses.push(address);
    }
  }
  return { addresses, errors };
}

/** Parses typed or pasted text (commas, semicolons, spaces or new lines between addresses). */
export function parseAddressList(raw: string, max?: number): AddressListResult {
  return checkAddresses(splitAddressInput(raw), max);
}

/**
 * What a chip input does with new text: the existing chips stay first, new good
 * addresses follow, and the refused ones come back so the input can keep them for fixing.
 */
export function addToAddressList(
  existing: readonly string[],
  raw: string,
  max: number = MAX_ADDRESSES_PER_LIST,
): AddressListResult & { rejected: string[] } {
  const result = checkAddresses([...existing, ...splitAddressInput(raw)], max);
  return { ...result, rejected: result.errors.map((error) => error.address) };
}

function quote(address: string): string {
  const shown = address.length > 80 ? `${address.slice(0, 77)}...` : address;
  return `"${shown.replace(/[\r\n]/g, "\\n")}"`;
}
