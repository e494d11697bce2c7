"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { failedDeliveries, matchingIds } from "@/db/queries/delivery-log";
import { portalAction } from "@/lib/auth/action";
import { parseNotificationFilters } from "@/lib/core/log-filters";
import { requeueDeliveries } from "@/lib/delivery/requeue";
import { refuseOverLimit } from "@/lib/security/portal-limits";

/** A bulk retry reaches at most this many notifications, newest first. */
const BULK_RETRY_LIMIT = 200;

const filterValue = z.string().max(200).optional();
const schema = z.object({
  q: filterValue,
  type: filterValue,
  status: filterValue,
  organization: filterValue,
  from: filterValue,
  to: filterValue,
});

/**
 * Retry failed: every failed or dead delivery of the notifications the log's filters match
 * (the newest 200), queued again. Bounced addresses are left alone: they refused the mail for
 * good. The filters are parsed again here; their ids come from the session's account only.
 */
export const retryFailedAction = portalAction({ role: "admin", schema }, async (input, session) => {
  const limited = await refuseOverLimit(db, "retry", session.account.id);
  if (limited) return { ok: false, message: `Nothing was queued. ${limited.message}` };
  const filters = parseNotificationFilters(input);
  const ids = await matchingIds(db, session.account.id, filters, BULK_RETRY_LIMIT);
  const byNotification = new Map<string, string[]>();
  for (const row of await failedDeliveries(db, session.account.id, ids)) {
    byNotification.set(row.notificationId, [
      ...(byNotification.get(row.notificationId) ?? []),
      row.id,
    ]);
  }
  let queued = 0;
  for (const [notificationId, deliveryIds] of byNotification) {
    queued += await requeueDeliveries(db, {
      accountId: session.account.id,
      notificationId,
      deliveryIds,
      actor: session.user.email,
    });
  }
  if (queued === 0) {
    return {
      ok: false,
      message: "Nothing was queued: no failed or dead delivery matches these filters.",
    };
  }
  revalidatePath("/notifications");
  return {
    ok: true,
    message: `Queued ${queued} ${queued === 1 ? "delivery" : "deliveries"} of ${byNotification.size} ${byNotification.size === 1 ? "notification" : "notifications"} again.`,
  };
});
