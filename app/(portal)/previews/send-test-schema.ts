import { z } from "zod";
import { EVENT_STATUSES, NOTIFICATION_TYPES } from "@/lib/core/events";

/*
 * The Send test form as the server reads it. No server imports: the form uses the field
 * names, the action decides. Ids here are untrusted: the action looks each one up within the
 * session's account before using it.
 */

export const RECIPIENT_CHOICES = ["routed", "typed"] as const;

/** At most this many typed addresses: a test is for checking an email, not for a mailing. */
export const MAX_TEST_ADDRESSES = 10;

export const sendTestSchema = z.object({
  type: z.enum(NOTIFICATION_TYPES, { error: "must be one of the notification types" }),
  status: z.enum(EVENT_STATUSES, { error: "must be open or resolved" }),
  source: z.string().trim().min(1, "must name sample data or a notification").max(200),
  organizationId: z.string().trim().max(200).default(""),
  recipients: z.enum(RECIPIENT_CHOICES, {
    error: "choose the routed recipients or type an address",
  }),
  to: z.string().max(5000, "is too long: enter at most 10 addresses").default(""),
});

export type SendTestInput = z.infer<typeof sendTestSchema>;
