"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import {
  currentSecret,
  revokeRetiringSecrets,
  rotateWebhookSecret,
  validSecrets,
} from "@/db/webhook-secrets";
import { portalAction } from "@/lib/auth/action";
import { confirmRecentSignIn } from "@/lib/auth/recent-sign-in";
import { refuseOverLimit } from "@/lib/security/portal-limits";
import { recordIntegrationEvent } from "../data";

/** The password, asked again when the sign-in is older than 15 minutes. */
const confirmation = z.object({ password: z.string().max(1024).optional() });

const tail = (secret: string) => `…${secret.slice(-4)}`;

/**
 * The secret is only sent to an admin's browser when asked for, so it is never in the page
 * itself (nor in a read-only user's view); a sign-in older than 15 minutes must type the
 * password again, and every reveal is in the History.
 */
export const revealWebhookSecret = portalAction(
  { role: "admin", schema: confirmation },
  async (input, session) => {
    const confirm = await confirmRecentSignIn(db, session, input.password);
    if (confirm) return confirm;
    const limited = await refuseOverLimit(db, "secret-reveal", session.account.id);
    if (limited) return { ok: false, message: limited.message };
    const secret = await currentSecret(db, session.account.id);
    if (!secret) {
      return {
        ok: false,
        message: "This account has no signing secret yet. Rotate to create one.",
      };
    }
    await recordIntegrationEvent(db, {
      accountId: session.account.id,
      user: session.user,
      changes: [{ field: "Signing secret", from: tail(secret.secret), to: "revealed" }],
    });
    revalidatePath("/integrations/email");
    return { ok: true, message: "Signing secret shown.", values: { secret: secret.secret } };
  },
);

export const rotateSecret = portalAction(
  { role: "admin", schema: confirmation },
  async (input, session) => {
    const confirm = await confirmRecentSignIn(db, session, input.password);
    if (confirm) return confirm;
    const before = await currentSecret(db, session.account.id);
    const secret = await rotateWebhookSecret(db, session.account.id);
    await recordIntegrationEvent(db, {
      accountId: session.account.id,
      user: session.user,
      changes: [
        {
          field: "Signing secret",
          from: before ? tail(before.secret) : "none",
          to: `${tail(secret)} (rotated; the previous one keeps working for 24 hours)`,
        },
      ],
    });
    revalidatePath("/integrations/email");
    return {
      ok: true,
      message: "New signing secret issued. The previous one keeps working for 24 hours.",
      values: { secret },
    };
  },
);

/** Ends the rotated-out secrets now, e.g. when the old one may have leaked. */
export const revokePreviousSecrets = portalAction(
  { role: "admin", schema: confirmation },
  async (input, session) => {
    const confirm = await confirmRecentSignIn(db, session, input.password);
    if (confirm) return confirm;
    const retiring = (await validSecrets(db, session.account.id)).filter(
      (s) => s.expiresAt !== null,
    );
    const revoked = await revokeRetiringSecrets(db, session.account.id);
    if (revoked === 0) return { ok: false, message: "There is no previous secret to revoke." };
    await recordIntegrationEvent(db, {
      accountId: session.account.id,
      user: session.user,
      changes: retiring.map((s) => ({
        field: "Previous signing secret",
        from: `${tail(s.secret)} (valid until ${s.expiresAt?.toUTCString()})`,
        to: "revoked",
      })),
    });
    revalidatePath("/integrations/email");
    return { ok: true, message: "The previous signing secret no longer verifies anything." };
  },
);
