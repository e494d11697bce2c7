/** The sender of every email: EMAIL_FROM, e.g. `Beacon Alerts <alerts@example.com>`. */
export const DEFAULT_EMAIL_FROM = "Beacon Alerts <alerts@beacon.localhost>";

export function emailFrom(): string {
  const from = process.env.EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM;
  if (/[\r\n]/.test(from)) throw new Error("EMAIL_FROM must be a single line");
  return from;
}

/** The domain of the sender's address, used for Message-IDs. */
export function senderDomain(): string | undefined {
  const match = /@([^>\s]+)>?\s*$/.exec(emailFrom());
  return match?.[1]?.toLowerCase();
}
