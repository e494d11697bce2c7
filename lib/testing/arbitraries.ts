import fc from "fast-check";
import {
  NOTIFICATION_TYPES,
  type NotificationType,
  SEVERITIES,
  type Severity,
} from "@/lib/core/events";
import type { EmailSettings, OrganizationRule, TypeSettings } from "@/lib/core/settings";

/* fast-check generators shared by the notification unit tests (test-only module). */

const atom = fc.stringMatching(/^[a-z0-9_+-]{1,12}$/);
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);

/** Always-valid addresses, sometimes upper-cased to exercise normalisation. */
export const validAddress = fc
  .tuple(
    fc.array(atom, { minLength: 1, maxLength: 3 }),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom("com", "org", "io", "dental", "xn--p1ai"),
    fc.boolean(),
  )
  .map(([locals, labels, tld, upper]) => {
    const address = `${locals.join(".")}@${[...labels, tld].join(".")}`;
    return upper ? address.toUpperCase() : address;
  });

/** A small pool so that generated lists and rules share addresses (duplicates matter). */
export const pooledAddress = fc.constantFrom(
  "soc@msp.example",
  "oncall@msp.example",
  "Alerts@Acme.example",
  "alerts@acme.example",
  "it@dental.example",
  "boss@dental.example",
  "noc@msp.example",
);

const addressList = (minLength: number) =>
  fc.uniqueArray(pooledAddress, {
    minLength,
    maxLength: 4,
    selector: (address) => address.toLowerCase(),
  });

export const ORG_IDS = ["org_acme", "org_dental", "org_bakery"] as const;

/** Mostly every severity (the usual setting), sometimes a limit such as critical only. */
export const severityLimit: fc.Arbitrary<Severity[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Severity[]>([...SEVERITIES]) },
  fc
    .uniqueArray(fc.constantFrom(...SEVERITIES), { minLength: 1, maxLength: 3 })
    .map((list) => SEVERITIES.filter((severity) => list.includes(severity))),
);

export const severity: fc.Arbitrary<Severity | null> = fc.constantFrom(...SEVERITIES, null);

const typeSettings: fc.Arbitrary<TypeSettings> = fc
  .record({
    override: fc.boolean(),
    addresses: addressList(0),
    resolved: fc.boolean(),
    updates: fc.boolean(),
    reminders: fc.record({
      enabled: fc.boolean(),
      everyHours: fc.integer({ min: 1, max: 168 }),
      times: fc.integer({ min: 1, max: 20 }),
    }),
    delivery: fc.constantFrom("immediate" as const, "hourly" as const, "daily" as const),
    digestAt: fc.constantFrom("09:00", "00:00", "17:30", "23:59"),
    severities: severityLimit,
  })
  .chain((value) =>
    value.override && value.addresses.length === 0
      ? addressList(1).map((addresses) => ({ ...value, addresses }))
      : fc.constant(value),
  );

export const notificationType: fc.Arbitrary<NotificationType> = fc.constantFrom(
  ...NOTIFICATION_TYPES,
);

export const organizationRule: fc.Arbitrary<Omit<OrganizationRule, "id">> = fc.record({
  organizationId: fc.constantFrom(...ORG_IDS),
  types: fc.uniqueArray(notificationType, { minLength: 1, maxLength: 4 }),
  addresses: addressList(1),
  mode: fc.constantFrom("replace" as const, "add" as const),
  severities: severityLimit,
});

/** Settings that pass `emailSettingsSchema` (lists may hold case-variants of one address). */
export const emailSettings: fc.Arbitrary<EmailSettings> = fc
  .record({
    defaults: addressList(1),
    incident: typeSettings,
    escalation: typeSettings,
    platform_action: typeSettings,
    account_notice: typeSettings,
    rules: fc.array(organizationRule, { maxLength: 5 }),
  })
  .map(({ defaults, rules, ...types }) => ({
    timeZone: "UTC",
    defaults,
    types,
    organizationRules: rules.map((rule, index) => ({ ...rule, id: `rule_${index}` })),
    maintenanceWindows: [],
  }));
