import { z } from "zod";
import type { ValidEmail } from "./validation";
import { EMAIL_EVENT_TYPES } from "./webhook-events";

/**
 * What the server keeps of its calls, read by the control API and by tests. A module of its
 * own so that server.ts and control.ts both import it and neither imports the other.
 */

export type AcceptedEmail = ValidEmail & {
  id: string;
  endpoint: "/emails" | "/emails/batch";
  batchIndex: number | null;
  idempotencyKey: string | null;
  createdAt: string;
};

export type RequestRecord = {
  at: string;
  path: string;
  idempotencyKey: string | null;
  /** sha256 of the raw body, so tests can check that a retry sent the same bytes. */
  bodySha256: string;
  status: number | "hang" | "drop";
  fault: string | null;
  accepted: number;
};

export const eventRequestSchema = z.object({
  emailId: z.string().min(1),
  type: z.enum(EMAIL_EVENT_TYPES),
  webhookUrl: z.url().optional(),
  /** Reuse an earlier svix-id to replay a delivery. */
  svixId: z.string().min(1).optional(),
});
export type EventRequest = z.input<typeof eventRequestSchema>;
