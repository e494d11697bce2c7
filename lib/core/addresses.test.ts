import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validAddress } from "@/lib/testing/arbitraries";
import {
  addressProblem,
  addToAddressList,
  checkAddresses,
  MAX_ADDRESSES_PER_LIST,
  parseAddressList,
  splitAddressInput,
} from "./addresses";

describe("splitAddressInput", () => {
  it("splits on commas, semicolons, spaces, tabs and new lines", () => {
    expect(splitAddressInput("a@x.com, b@x.com;c@x.com d@x.com\te@x.com\r\nf@x.com\n\n")).toEqual([
      "a@x.com",
      "b@x.com",
      "c@x.com",
      "d@x.com",
      "e@x.com",
      "f@x.com",
    ]);
  });

  it("returns nothing for separators only", () => {
    expect(splitAddressInput(" ,; \n")).toEqual([]);
  });
});

describe("parseAddressList", () => {
  it("trims, lower-cases and merges duplicates case-insensitively, keeping first position", () => {
    const result = parseAddressList("  SOC@MSP.example ; oncall@msp.example,soc@msp.EXAMPLE ");
    expect(result).toEqual({ addresses: ["soc@msp.example", "oncall@msp.example"], errors: [] });
  });

  it("keeps the good addresses and names each bad one", () => {
    const result = parseAddressList("good@x.com, nope, also@good.io, a@b");
    expect(result.addresses).toEqual(["good@x.com", "also@good.io"]);
    expect(result.errors.map((error) => error.address)).toEqual(["nope", "a@b"]);
    expect(result.errors[0]?.message).toContain('"nope"');
    expect(result.errors[1]?.message).toMatch(/"a@b" needs a domain with a dot/);
  });

  it("refuses display-name tricks even when pasted as one token", () => {
    const result = parseAddressList('"Bob" <bob@x.com>');
    expect(result.addresses).toEqual([]);
    expect(result.errors).toHaveLength(2);
    expect(checkAddresses(['"Bob" <bob@x.com>']).errors[0]?.message).toMatch(
      /enter only the address/,
    );
    expect(addressProblem("a@b.com>")).toMatch(/</);
    expect(addressProblem("<a@b.com")).not.toBeNull();
  });

  it("stops at the list limit and names what it refused", () => {
    const many = Array.from({ length: MAX_ADDRESSES_PER_LIST + 2 }, (_, i) => `u${i}@x.com`);
    const result = parseAddressList(many.join(","));
    expect(result.addresses).toHaveLength(MAX_ADDRESSES_PER_LIST);
    expect(result.errors.map((error) => error.address)).toEqual(["u50@x.com", "u51@x.com"]);
    expect(result.errors[0]?.message).toMatch(/at most 50/);
  });
});

describe("addressProblem", () => {
  const local64 = "a".repeat(64);
  const longDomain = `${Array.from({ length: 5 }, () => "d".repeat(60)).join(".")}.com`;

  it.each([
    ["alerts@acme.example", null],
    ["first.last+tag@sub.example.co.uk", null],
    [`${local64}@x.com`, null],
    ["it@xn--80ak6aa92e.com", null],
  ])("accepts %s", (address, expected) => {
    expect(addressProblem(address)).toBe(expected);
  });

  it.each([
    ["", /empty/],
    ["plain", /missing an @/],
    ["a@b@c.com", /more than one @/],
    ["@x.com", /nothing before/],
    ["a@", /nothing after/],
    [`${"a".repeat(65)}@x.com`, /more than 64 characters before the @/],
    [`a@${longDomain}`, /longer than 254/],
    ["a@localhost", /with a dot/],
    ["a..b@x.com", /not valid/],
    [".a@x.com", /not valid/],
    ["a.@x.com", /not valid/],
    ["a@-x.com", /domain/],
    ["a@x..com", /domain/],
    ["a@x.c0m", /top-level/],
    ["a@x.com\r\nbcc: evil@x.com", /line break/],
    ["a@x.com\n", /line break/],
    ["bob <bob@x.com>", /enter only the address/],
    ['"bob"@x.com', /enter only the address/],
    ["a@b.com>", /enter only the address/],
    ["a b@x.com", /space/],
    ["jos\u00e9@x.com", /ASCII/],
    ["a\u0000@x.com", /ASCII/],
  ])("refuses %j", (address, expected) => {
    expect(addressProblem(address)).toMatch(expected);
  });
});

describe("address lists (properties)", () => {
  it("accepts every generated valid address, lower-cased", () => {
    fc.assert(
      fc.property(validAddress, (address) => {
        expect(parseAddressList(address)).toEqual({
          addresses: [address.toLowerCase()],
          errors: [],
        });
      }),
    );
  });

  it("never returns duplicates, upper case, or more than the limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(validAddress, fc.string({ maxLength: 20 })), { maxLength: 70 }),
        fc.constantFrom(",", ";", " ", "\n", ", "),
        (pieces, separator) => {
          const { addresses } = parseAddressList(pieces.join(separator));
          expect(new Set(addresses).size).toBe(addresses.length);
          expect(addresses.every((address) => address === address.toLowerCase())).toBe(true);
          expect(addresses.length).toBeLessThanOrEqual(MAX_ADDRESSES_PER_LIST);
          expect(addresses.every((address) => addressProblem(address) === null)).toBe(true);
        },
      ),
    );
  });

  it("accounts for every distinct input: each is either kept or named in an error", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(validAddress, fc.string({ maxLength: 20 })), { maxLength: 60 }),
        (pieces) => {
          const tokens = splitAddressInput(pieces.join(","));
          const { addresses, errors } = parseAddressList(pieces.join(","));
          const distinct = new Set(tokens.map((token) => token.trim().toLowerCase()));
          expect(addresses.length + errors.length).toBe(distinct.size);
        },
      ),
    );
  });

  it("never lets CR or LF through, whatever the input", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 10 }), (list) => {
        const { addresses } = checkAddresses(list);
        expect(addresses.some((address) => /[\r\n]/.test(address))).toBe(false);
      }),
    );
  });
});

describe("addToAddressList", () => {
  it("keeps existing chips first and returns the refused text", () => {
    const result = addToAddressList(["a@x.com"], "B@x.com, a@X.com, oops");
    expect(result.addresses).toEqual(["a@x.com", "b@x.com"]);
    expect(result.rejected).toEqual(["oops"]);
  });
});
