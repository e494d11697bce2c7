import { z } from "zod";
import { checkAddresses, MAX_ADDRESSES_PER_LIST } from "./addresses";
import {
  NOTIFICATION_TYPE_PLURALS,
  NOTIFICATION_TYPES,
  type NotificationType,
  SEVERITIES,
  type Severity,
} from "./events";
import { type FieldMessages, fieldMessages } from "./issues";
import { defaultReminders, type ReminderSettings, reminderSettingsSchema } from "./reminders";
import { DIGEST_TIME, isTimeZone } from "./schedule";
import { parseLocalDateTime, wallDuration } from "./windows";

/*
 * The Email Integration's settings, stored as JSON on `integrations.settings` and
 * validated with `emailSettingsSchema` on every save (and when read back). No server
 * imports: the form uses the same schema to help, the server action uses it to decide.
 */

export type TypeSettings = {
  /** "Override Global Settings": route this type to `addresses` instead of the defaults. */
  override: boolean;
  /** Kept when the override is switched off, so unchecking never throws addresses away. */
  addresses: string[];
  /** When false, the 'resolved' follow-ups of this type are not emailed. */
  resolved: boolean;
  /** When false, updates (comments, new findings) of this type's open events are not emailed. */
  updates: boolean;
  /** "Remind every N hours until resolved, at most M times." */
  reminders: ReminderSettings;
  /** Emailed at once, or held for an hourly or a daily digest (critical ones never wait). */
  delivery: DeliveryMode;
  /** The daily digest's local time of day, "HH:MM" in the account's time zone. */
  digestAt: string;
  /**
   * The severities the override covers; the others go to the defaults (see `coversSeverity`).
   * Absent (settings from before severity limits): every severity.
   */
  severities?: Severity[];
};

export const DELIVERY_MODES = ["immediate", "hourly", "daily"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DEFAULT_DIGEST_AT = "09:00";
export const DEFAULT_TIME_ZONE = "UTC";

export const RULE_MODES = ["replace", "add"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export type OrganizationRule = {
  id: string;
  /** organizations.id (internal id), always of the same account. */
  organizationId: string;
  types: NotificationType[];
  addresses: string[];
  /** "replace": instead of the account-level recipients; "add": in addition to them. */
  mode: RuleMode;
  /** The severities the rule covers, e.g. only critical for an on-call address; absent: all. */
  severities?: Severity[];
};

export type EmailSettings = {
  /** The account's IANA time zone: daily digests are at their time of day there. */
  timeZone: string;
  defaults: string[];
  types: Record<NotificationType, TypeSettings>;
  organizationRules: OrganizationRule[];
  maintenanceWindows: MaintenanceWindow[];
};

/**
 * While on, an organization's (or every organization's) non-critical notifications are held
 * and go out as one digest when it ends (lib/core/windows.ts). Times are local to the
 * account's time zone, as a `datetime-local` input writes them ("2026-12-02T18:00").
 */
export type MaintenanceWindow = {
  id: string;
  /** organizations.id, or null for every organization of the account. */
  organizationId: string | null;
  start: string;
  end: string;
  /** Repeats every 7 days at the same local times. */
  weekly: boolean;
  reason: string;
  /** An admin ended the occurrence that began at `occurrence` early, at `at` (epoch ms). */
  endedEarly: { occurrence: number; at: number } | null;
};

export const MAX_ORGANIZATION_RULES = 200;
export const MAX_MAINTENANCE_WINDOWS = 50;

export function defaultEmailSettings(defaults: string[] = []): EmailSettings {
  const type = (name: NotificationType): TypeSettings => ({
    override: false,
    addresses: [],
    resolved: true,
    updates: true,
    reminders: defaultReminders(name),
    delivery: "immediate",
    digestAt: DEFAULT_DIGEST_AT,
    severities: [...SEVERITIES],
  });
  return {
    timeZone: DEFAULT_TIME_ZONE,
    defaults,
    types: {
      incident: type("incident"),
      escalation: type("escalation"),
      platform_action: type("platform_action"),
      account_notice: type("account_notice"),
    },
    organizationRules: [],
    maintenanceWindows: [],
  };
}

// Each bad address becomes its own issue on the list's path (not on `list.3`), so the form
// shows it under the list's field and the message names the address.
const addressList = z
  .array(z.string({ error: "must be a list of email addresses" }).max(1000), {
    error: "must be a list of email addresses",
  })
  .max(1000, "has far too many entries")
  .transform((list, ctx) => {
    const { addresses, errors } = checkAddresses(list, MAX_ADDRESSES_PER_LIST);
    for (const error of errors) ctx.addIssue({ code: "custom", message: error.message });
    return addresses;
  });

// Settings saved before severity limits existed have none: they cover every severity.
const severityLimit = z
  .array(z.string({ error: "must be a list of severities" }).max(20), {
    error: "must be a list of severities",
  })
  .min(1, "Choose at least one severity")
  // The issue stays on the list's path, so the form shows it under the list's checkboxes.
  .transform((list, ctx) => {
    const unknown = list.find((value) => !(SEVERITIES as readonly string[]).includes(value));
    if (unknown !== undefined)
      ctx.addIssue({
        code: "custom",
        message: `"${unknown}" is not a severity (critical, high, low)`,
      });
    return SEVERITIES.filter((severity) => list.includes(severity));
  })
  .default([...SEVERITIES]);

const typeSettingsSchema = (type: NotificationType) =>
  z
    .object({
      override: z.boolean({ error: "must be true or false" }),
      addresses: addressList,
      resolved: z.boolean({ error: "must be true or false" }),
      // Defaults on: settings saved before updates existed read as they route.
      updates: z.boolean({ error: "must be true or false" }).default(true),
      reminders: reminderSettingsSchema.default(defaultReminders(type)),
      // Defaults: settings saved before digests existed read as "immediately".
      delivery: z
        .enum(DELIVERY_MODES, { error: "Choose immediately, hourly digest or daily digest" })
        .default("immediate"),
      digestAt: digestAtSchema.default(DEFAULT_DIGEST_AT),
      severities: severityLimit,
    })
    .superRefine((value, ctx) => {
      if (value.override && value.addresses.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["addresses"],
          message: `Add at least one address for ${NOTIFICATION_TYPE_PLURALS[type]}, or uncheck Override Global Settings`,
        });
      }
    });

const digestAtSchema = z
  .string({ error: "Enter a time of day such as 09:00" })
  .trim()
  .regex(DIGEST_TIME, "Enter a time of day as HH:MM, from 00:00 to 23:59");

export const timeZoneSchema = z
  .string({ error: "Enter a time zone such as Europe/Berlin" })
  .trim()
  .refine(isTimeZone, "Not a time zone we know: use an IANA name such as Europe/Berlin or UTC");

const ruleIdSchema = z
  .string({ error: "must be an id" })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be letters, digits, - or _ (at most 64)");

const organizationRuleSchema = z.object({
  id: ruleIdSchema,
  organizationId: z
    .string({ error: "Choose an organization" })
    .trim()
    .min(1, "Choose an organization")
    .max(200, "Choose an organization"),
  types: z
    .array(z.enum(NOTIFICATION_TYPES, { error: "is not a notification type" }))
    .min(1, "Choose at least one notification type")
    .transform((types) => NOTIFICATION_TYPES.filter((type) => types.includes(type))),
  addresses: addressList.refine((list) => list.length > 0, "Add at least one address"),
  mode: z.enum(RULE_MODES, { error: "Choose instead of or in addition to" }),
  severities: severityLimit,
});

const localDateTime = (what: string) =>
  z
    .string({ error: `Enter when the window ${what}` })
    .refine((value) => parseLocalDateTime(value) !== null, `Enter when the window ${what}`);

const WEEK_MS = 7 * 86_400_000;

const maintenanceWindowSchema = z
  .object({
    id: ruleIdSchema,
    organizationId: z
      .string({ error: "Choose an organization or every organization" })
      .trim()
      .min(1, "Choose an organization or every organization")
      .max(200)
      .nullable(),
    start: localDateTime("starts"),
    end: localDateTime("ends"),
    weekly: z.boolean({ error: "must be true or false" }),
    reason: z
      .string({ error: "Say why, for the delivery log" })
      .trim()
      .min(1, "Say why, for the delivery log")
      .max(200, "At most 200 characters"),
    endedEarly: z
      .object({ occurrence: z.number().int(), at: z.number().int() })
      .nullable()
      .default(null),
  })
  .superRefine((value, ctx) => {
    const duration = wallDuration(value.start, value.end);
    if (duration === null) return;
    if (duration <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["end"],
        message: "The window must end after it starts",
      });
    } else if (value.weekly && duration > WEEK_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["end"],
        message: "A weekly window lasts at most 7 days",
      });
    }
  });

export const emailSettingsSchema = z
  .object(
    {
      timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
      defaults: addressList.refine(
        (list) => list.length > 0,
        "Add at least one default notification email",
      ),
      types: z.object({
        incident: typeSettingsSchema("incident"),
        escalation: typeSettingsSchema("escalation"),
        platform_action: typeSettingsSchema("platform_action"),
        account_notice: typeSettingsSchema("account_notice"),
      }),
      organizationRules: z
        .array(organizationRuleSchema)
        .max(MAX_ORGANIZATION_RULES, `at most ${MAX_ORGANIZATION_RULES} organization rules`),
      maintenanceWindows: z
        .array(maintenanceWindowSchema)
        .max(MAX_MAINTENANCE_WINDOWS, `at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows`)
        .default([]),
    },
    { error: "The settings could not be read; reload the page and try again" },
  )
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.organizationRules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["organizationRules", index, "id"],
          message: "Two rules have the same id; reload the page and try again",
        });
      }
      seen.add(rule.id);
    });
    const windows = new Set<string>();
    value.maintenanceWindows.forEach((window, index) => {
      if (windows.has(window.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["maintenanceWindows", index, "id"],
          message: "Two windows have the same id; reload the page and try again",
        });
      }
      windows.add(window.id);
    });
  }) satisfies z.ZodType<EmailSettings, unknown>;

/** Field path (dot-joined, e.g. `types.incident.addresses`) to its messages. */
export type SettingsFieldErrors = FieldMessages;

export type ParsedSettings =
  | { ok: true; settings: EmailSettings }
  | { ok: false; errors: SettingsFieldErrors };

export function parseEmailSettings(input: unknown): ParsedSettings {
  const result = emailSettingsSchema.safeParse(input);
  return result.success
    ? { ok: true, settings: result.data }
    : { ok: false, errors: fieldMessages(result.error) };
}

/** Stored reminders as they are when valid, else the type's defaults. */
function storedReminders(value: unknown, fallback: ReminderSettings): ReminderSettings {
  const parsed = reminderSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** The valid addresses of a stored list; anything else in it is dropped. */
function storedAddresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
  return checkAddresses(list, MAX_ADDRESSES_PER_LIST).addresses;
}

/** A stored severity limit, or every severity when it is missing or names none. */
function storedSeverities(value: unknown): Severity[] {
  const parsed = severityLimit.safeParse(value);
  return parsed.success ? parsed.data : [...SEVERITIES];
}

/**
 * The one way to read settings back from storage, for every caller (intake, previews, the
 * edit page): valid settings as they are; otherwise each part is repaired on its own (an
 * invalid address dropped from its list, a broken type or rule replaced by the default or
 * left out), so a row written by an older version routes predictably and only to addresses
 * that pass today's rules, and saving it runs the full check.
 */
export function readStoredSettings(raw: unknown): EmailSettings {
  const whole = emailSettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const fallback = defaultEmailSettings();
  const value = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const types = (
    typeof value.types === "object" && value.types !== null ? value.types : {}
  ) as Record<string, Record<string, unknown> | undefined>;
  const rules = Array.isArray(value.organizationRules) ? value.organizationRules : [];
  return {
    timeZone:
      typeof value.timeZone === "string" && isTimeZone(value.timeZone)
        ? value.timeZone
        : DEFAULT_TIME_ZONE,
    defaults: storedAddresses(value.defaults),
    types: Object.fromEntries(
      NOTIFICATION_TYPES.map((type) => {
        const stored = types[type] ?? {};
        const addresses = storedAddresses(stored.addresses);
        return [
          type,
          {
            override: stored.override === true && addresses.length > 0,
            addresses,
            resolved:
              typeof stored.resolved === "boolean"
                ? stored.resolved
                : fallback.types[type].resolved,
            // Settings saved before updates existed: the default, like any missing switch.
            updates:
              typeof stored.updates === "boolean" ? stored.updates : fallback.types[type].updates,
            reminders: storedReminders(stored.reminders, fallback.types[type].reminders),
            delivery: DELIVERY_MODES.find((mode) => mode === stored.delivery) ?? "immediate",
            digestAt:
              typeof stored.digestAt === "string" && DIGEST_TIME.test(stored.digestAt)
                ? stored.digestAt
                : DEFAULT_DIGEST_AT,
            severities: storedSeverities(stored.severities),
          },
        ];
      }),
    ) as EmailSettings["types"],
    organizationRules: rules.flatMap((rule) => {
      const repaired =
        typeof rule === "object" && rule !== null
          ? { ...rule, addresses: storedAddresses((rule as { addresses?: unknown }).addresses) }
          : rule;
      const parsed = organizationRuleSchema.safeParse(repaired);
      return parsed.success ? [parsed.data] : [];
    }),
    maintenanceWindows: (Array.isArray(value.maintenanceWindows)
      ? value.maintenanceWindows
      : []
    ).flatMap((window) => {
      const parsed = maintenanceWindowSchema.safeParse(window);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}
