import { config } from "@/lib/config";

/**
 * The sender of every email: EMAIL_FROM, e.g. `Beacon Alerts <alerts@example.com>` (one
 * line, checked with the rest of the configuration in lib/config.ts).
 */
export function emailFrom(): string {
  return config().EMAIL_FROM;
}

/** The domain of the sender's address, used for Message-IDs. */
export function senderDomain(): string | undefined {
  const match = /@([^>\s]+)>?\s*$/.exec(emailFrom());
  return match?.[1]?.toLowerCase();
}
