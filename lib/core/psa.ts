import { z } from "zod";
import { addressProblem, normalizeAddress } from "./addresses";
import {
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPE_PLURALS,
  NOTIFICATION_TYPES,
  type NotificationType,
} from "./events";
import type { FieldMessages } from "./issues";
import { fieldMessages } from "./issues";
import type { RouteResult } from "./routing";

/*
 * The PSA (ticketing) integration's settings, stored as JSON on `integrations.settings`
 * (kind "psa", at most one per account), and how it changes where a notification goes.
 * Pure: the form, the server action, the intake and the dispatcher's fallback share it.
 */

export const PSA_METHODS = ["webhook", "email"] as const;
export type PsaMethod = (typeof PSA_METHODS)[number];
export const PSA_METHOD_LABELS: Record<PsaMethod, string> = {
  webhook: "Webhook ticket (JSON over HTTPS)",
  email: "Email-to-ticket",
};

/** Per covered type: email the Email Integration's recipients as well, or only when the PSA failed. */
export const PSA_EMAIL_MODES = ["as_well", "on_failure"] as const;
export type PsaEmailMode = (typeof PSA_EMAIL_MODES)[number];
export const PSA_EMAIL_MODE_LABELS: Record<PsaEmailMode, string> = {
  as_well: "Email as well",
  on_failure: "Email only when the PSA fails",
};

export type PsaSettings = {
  name: string;
  method: PsaMethod;
  /** The webhook's URL (method "webhook"); empty otherwise. */
  endpoint: string;
  /** The ticketing mailbox (method "email"); empty otherwise. */
  ticketAddress: string;
  /** The types the PSA covers, each with what the Email Integration still does for it. */
  types: Partial<Record<NotificationType, PsaEmailMode>>;
  enabled: boolean;
};

/** The delivery channels of the one outbox: plain email, and the PSA's two methods. */
export const DELIVERY_CHANNELS = ["email", "psa-webhook", "psa-email"] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

const oneLine = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} must be at most ${max} characters`)
    .refine((value) => !/[\r\n]/.test(value), "must be a single line");

/**
 * The schema of a save. `allowPrivate` (INTEGRATIONS_ALLOW_PRIVATE_TARGETS) also lets a
 * plain http:// endpoint through; whether the host is a private address is checked after
 * DNS by the caller (lib/security/ssrf.ts), as the core does no I/O.
 */
export function psaSettingsSchema(options: { allowPrivate: boolean }) {
  return z
    .object({
      name: oneLine(100, "a name"),
      method: z.enum(PSA_METHODS, { error: "Choose a delivery method" }),
      endpoint: z.string().trim().max(2048, "The URL must be at most 2,048 characters"),
      ticketAddress: z.string().trim().max(254).transform(normalizeAddress),
      types: z.partialRecord(
        z.enum(NOTIFICATION_TYPES),
        z.enum(PSA_EMAIL_MODES, { error: "Choose what the Email Integration does" }),
      ),
      enabled: z.boolean(),
    })
    .superRefine((value, ctx) => {
      if (Object.keys(value.types).length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["types"],
          message: "Choose at least one notification type for the PSA",
        });
      }
      if (value.method === "webhook") {
        const problem = endpointProblem(value.endpoint, options);
        if (problem) ctx.addIssue({ code: "custom", path: ["endpoint"], message: problem });
      } else {
        const problem = value.ticketAddress
          ? addressProblem(value.ticketAddress)
          : "is empty: enter the PSA's ticketing address";
        if (problem) {
          ctx.addIssue({
            code: "custom",
            path: ["ticketAddress"],
            message: `The ticketing address ${problem}`,
          });
        }
      }
    })
    .transform(
      (value): PsaSettings => ({
        ...value,
        endpoint: value.method === "webhook" ? value.endpoint : "",
        ticketAddress: value.method === "email" ? value.ticketAddress : "",
        types: Object.fromEntries(
          NOTIFICATION_TYPES.flatMap((type) =>
            value.types[type] ? [[type, value.types[type]]] : [],
          ),
        ),
      }),
    );
}

/** What is wrong with a webhook URL as text (scheme, credentials, shape), or null. */
export function endpointProblem(raw: string, options: { allowPrivate: boolean }): string | null {
  if (!raw) return "Enter the PSA's webhook URL";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://psa.example.com/beacon";
  }
  const schemes = options.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) {
    return options.allowPrivate
      ? "The URL must start with https:// or http://"
      : "The URL must start with https:// (plain http:// would send tickets unencrypted)";
  }
  if (url.username || url.password) {
    return "Leave user name and password out of the URL: tickets are signed with the PSA secret";
  }
  return null;
}

export type ParsedPsaSettings =
  | { ok: true; settings: PsaSettings }
  | { ok: false; errors: FieldMessages };

export function parsePsaSettings(
  input: unknown,
  options: { allowPrivate: boolean },
): ParsedPsaSettings {
  const result = psaSettingsSchema(options).safeParse(input);
  return result.success
    ? { ok: true, settings: result.data }
    : { ok: false, errors: fieldMessages(result.error) };
}

/**
 * Stored settings read back; a row that no longer validates is treated as disabled (never
 * guessed at), so a broken PSA sends nothing rather than something unexpected.
 */
export function readStoredPsaSettings(raw: unknown): PsaSettings {
  const parsed = psaSettingsSchema({ allowPrivate: true }).safeParse(raw);
  if (parsed.success) return parsed.data;
  const value = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    name: typeof value.name === "string" && value.name ? value.name : "PSA",
    method: value.method === "email" ? "email" : "webhook",
    endpoint: typeof value.endpoint === "string" ? value.endpoint : "",
    ticketAddress: typeof value.ticketAddress === "string" ? value.ticketAddress : "",
    types: {},
    enabled: false,
  };
}

/** Where the PSA's copy goes, as the delivery log shows its recipient. */
export function psaTarget(settings: PsaSettings): { channel: DeliveryChannel; recipient: string } {
  if (settings.method === "email")
    return { channel: "psa-email", recipient: settings.ticketAddress };
  let host = "webhook";
  try {
    host = new URL(settings.endpoint).host;
  } catch {}
  // The host only: a URL's path or query may carry a token the log has no need to show.
  return { channel: "psa-webhook", recipient: `psa-webhook:${host}` };
}

export type PsaPlan = {
  /** The PSA's delivery, when the PSA covers this notification. */
  psa: { channel: DeliveryChannel; recipient: string } | null;
  /** Who is emailed now; the PSA's ticket address is never also emailed as a recipient. */
  recipients: string[];
  /** Why, as the delivery log shows it. */
  reason: string;
};

/**
 * Adds the PSA to a routed notification: the one place that decides whether the Email
 * Integration's recipients are emailed now ("as well") or only once the PSA failed for good
 * ("on_failure"; the dispatcher then emails `route.recipients`, see lib/delivery/psa-fallback.ts).
 */
export function planWithPsa(
  route: Extract<RouteResult, { suppressed: false }>,
  psa: PsaSettings | null,
  type: NotificationType,
): PsaPlan {
  const mode = psa?.enabled ? psa.types[type] : undefined;
  if (!psa || !mode) return { psa: null, recipients: route.recipients, reason: route.reason };
  const target = psaTarget(psa);
  // One address never gets two emails for one notification: the ticket address's delivery
  // is the PSA's, so it leaves the email recipients whatever routed it there.
  const others = route.recipients.filter((address) => address !== target.recipient);
  return mode === "as_well"
    ? {
        psa: target,
        recipients: others,
        reason: `${route.reason}; PSA ticket (${psa.name}) as well`,
      }
    : {
        psa: target,
        recipients: [],
        reason: `PSA ticket (${psa.name}); ${route.reason} only if the PSA fails`,
      };
}

export type DuplicateWarning = {
  type: NotificationType;
  address: string;
  /** "address": the ticket address itself; "domain": another address at the PSA's domain. */
  match: "address" | "domain";
  message: string;
};

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1);

/**
 * Addresses the Email Integration emails, for a type the PSA's email-to-ticket also covers
 * "as well", that are the PSA's ticket address or at its domain: each such email becomes a
 * second ticket (the FAQ's "duplicate notifications/tickets"). `routedAddresses` are the
 * addresses any route (defaults, override, organization rules) can send the type to.
 */
export function duplicateWarnings(
  psa: PsaSettings | null,
  routedAddresses: (type: NotificationType) => string[],
): DuplicateWarning[] {
  if (!psa?.enabled || psa.method !== "email" || !psa.ticketAddress) return [];
  const ticket = psa.ticketAddress;
  const domain = domainOf(ticket);
  const warnings: DuplicateWarning[] = [];
  for (const type of NOTIFICATION_TYPES) {
    const mode = psa.types[type];
    if (!mode) continue;
    for (const address of new Set(routedAddresses(type))) {
      const match = address === ticket ? "address" : domainOf(address) === domain ? "domain" : null;
      // Another mailbox at the PSA's domain duplicates only while email goes "as well".
      if (!match || (match === "domain" && mode !== "as_well")) continue;
      warnings.push({
        type,
        address,
        match,
        message:
          match === "address"
            ? `${address} is the PSA's ticketing address and also an Email Integration recipient for ${NOTIFICATION_TYPE_PLURALS[type]}. Beacon emails it once per notification, but when the PSA fails the fallback goes back to the same place, so nobody else is told.`
            : `${address} is at the PSA's domain (${domain}) and an Email Integration recipient for ${NOTIFICATION_TYPE_PLURALS[type]}: the PSA gets the ticket and this email too, so each ${NOTIFICATION_TYPE_LABELS[type]} can become two tickets.`,
      });
    }
  }
  return warnings;
}
