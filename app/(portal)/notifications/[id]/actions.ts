"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { portalAction } from "@/lib/auth/action";
import { requeueDeliveries } from "@/lib/delivery/requeue";
import { refuseOverLimit } from "@/lib/security/portal-limits";

const id = (field: string) =>
  z
    .string({ error: `${field} is missing` })
    .trim()
    .min(1, `${field} is missing`)
    .max(100, `${field} is too long`);

const retrySchema = z.object({
  notificationId: id("notificationId"),
  // Absent: every failed, dead or bounced delivery of the notification.
  deliveryId: id("deliveryId").optional(),
});

/**
 * An admin's Retry. The wrapper refuses anyone but an Account Admin; requeueDeliveries
 * matches only the session's account, so another account's ids queue nothing.
 */
export const retryDeliveriesAction = portalAction(
  { role: "admin", schema: retrySchema },
  async (input, session) => {
    const limited = await refuseOverLimit(db, "retry", session.account.id);
    if (limited) return { ok: false, message: `Nothing was queued. ${limited.message}` };
    const queued = await requeueDeliveries(db, {
      accountId: session.account.id,
      notificationId: input.notificationId,
      deliveryIds: input.deliveryId ? [input.deliveryId] : undefined,
      actor: session.user.email,
    });
    if (queued === 0) {
      return {
        ok: false,
        message:
          "Nothing was queued: no failed, dead or bounced delivery is left to retry here (it may have been retried already).",
      };
    }
    revalidatePath(`/notifications/${input.notificationId}`);
    revalidatePath("/notifications");
    return {
      ok: true,
      message: `Queued ${queued} ${queued === 1 ? "delivery" : "deliveries"} again. The status below updates as it is sent.`,
    };
  },
);
