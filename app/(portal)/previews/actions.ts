"use server";

import { db } from "@/db/client";
import { portalAction } from "@/lib/auth/action";
import type { ActionState } from "@/lib/auth/action-state";
import { parseAddressList } from "@/lib/core/addresses";
import { acceptTestSend } from "@/lib/intake/intake";
import { intakeRuntime } from "@/lib/runtime/intake";
import { refuseOverLimit } from "@/lib/security/portal-limits";
import { loadPreview } from "./data";
import { MAX_TEST_ADDRESSES, sendTestSchema } from "./send-test-schema";

function refused(field: string, message: string): ActionState {
  return { ok: false, message, errors: { [field]: [message] } };
}

/**
 * Send test: the previewed email, now, through the same intake and dispatcher as a real
 * event, marked as a test. The wrapper checks the session and refuses non-admins; here every
 * id from the form is looked up again within the session's account (an organization or a
 * notification of another account is refused, never used), and the recipients are routed
 * again with the current settings rather than taken from the page.
 */
export const sendTestAction = portalAction(
  { role: "admin", schema: sendTestSchema },
  async (input, session) => {
    const accountId = session.account.id;
    const loaded = await loadPreview(db, accountId, {
      type: input.type,
      status: input.status,
      source: input.source,
      organizationId: input.organizationId,
    });
    const problem = loaded.problems[0];
    if (problem) return refused(problem.field, `Not sent: ${problem.message}`);

    let recipients: string[];
    if (input.recipients === "typed") {
      const parsed = parseAddressList(input.to, MAX_TEST_ADDRESSES);
      if (parsed.errors.length > 0) {
        return {
          ok: false,
          message: "Not sent: check the address.",
          errors: { to: parsed.errors.map((error) => error.message) },
        };
      }
      if (parsed.addresses.length === 0) {
        return { ok: false, message: "Not sent.", errors: { to: ["Enter an email address."] } };
      }
      recipients = parsed.addresses;
    } else {
      if (loaded.route.suppressed) {
        return refused(
          "recipients",
          `Not sent: nobody would receive this (${loaded.route.reason}). Type an address to send a test anyway.`,
        );
      }
      recipients = loaded.route.recipients;
    }

    // Real email on the deployment's shared quota: a few a minute per account.
    const limited = await refuseOverLimit(db, "send-test", accountId);
    if (limited) return { ok: false, message: `Not sent. ${limited.message}` };

    const intake = intakeRuntime();
    const result = await acceptTestSend(
      intake.store,
      session.account,
      {
        event: loaded.preview.event,
        recipients,
        organizationId: loaded.preview.organizationId,
      },
      intake.context,
    );
    if (result.status !== "queued") {
      return {
        ok: false,
        message:
          result.status === "suppressed"
            ? `Not sent: ${result.reason}`
            : `Not sent: ${result.message}`,
      };
    }
    const count = result.recipients;
    return {
      ok: true,
      message: `Test queued to ${count} ${count === 1 ? "recipient" : "recipients"}`,
      values: { ...input, notificationId: result.notificationId, sentTo: recipients },
    };
  },
);
