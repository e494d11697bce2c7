"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { portalAction } from "@/lib/auth/action";
import { resumeSending } from "@/lib/delivery/pause";
import { wakeDispatcher } from "@/lib/delivery/wake";

/** An admin lifts a provider pause (e.g. after raising the quota) and sending resumes at once. */
export const resumeSendingAction = portalAction({ role: "admin", schema: z.object({}) }, () => {
  resumeSending(db);
  wakeDispatcher();
  revalidatePath("/", "layout");
  return { ok: true, message: "Sending resumed." };
});
