"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { psaIntegration, psaSecret, rotatePsaSecret } from "@/db/psa-integration";
import { portalAction } from "@/lib/auth/action";
import { confirmRecentSignIn } from "@/lib/auth/recent-sign-in";
import { config } from "@/lib/config";
import { NOTIFICATION_TYPES } from "@/lib/core/events";
import { uuidv7 } from "@/lib/core/ids";
import { parsePsaSettings } from "@/lib/core/psa";
import { readPsaForm } from "@/lib/core/psa-form";
import { sampleEvent } from "@/lib/core/sample-events";
import { formatSubject } from "@/lib/core/subject";
import { signTicket, ticketBody } from "@/lib/core/ticket";
import { acceptTestSend } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { intakeRuntime } from "@/lib/runtime/intake";
import { refuseOverLimit } from "@/lib/security/portal-limits";
import { checkTarget } from "@/lib/security/ssrf";
import { classifyAnswer, postTicket } from "@/lib/transports/psa-webhook";
import { addHistory, saveEmailSettings } from "../data";
import { removePsa, savePsa } from "./data";

/*
 * The PSA integration's actions. The wrapper checks the session and refuses non-admins;
 * every query below is scoped by the session's account. The form is validated by the same
 * schema as stored settings, then the endpoint is resolved and refused if it is private.
 */

const anyForm = z.record(z.string(), z.unknown());

/** Adds (`create`) or saves the PSA: same checks either way, per field. */
const savePsaWith = (create: boolean) =>
  portalAction({ role: "admin", schema: anyForm, input: readPsaForm }, async (values, session) => {
    const { INTEGRATIONS_ALLOW_PRIVATE_TARGETS: allowPrivate } = config();
    const parsed = parsePsaSettings(values, { allowPrivate });
    if (!parsed.ok) {
      return { ok: false, message: "Some fields need attention.", errors: parsed.errors };
    }
    if (parsed.settings.method === "webhook") {
      const target = await checkTarget(parsed.settings.endpoint, { allowPrivate });
      if (!target.ok) {
        return {
          ok: false,
          message: "Some fields need attention.",
          errors: { endpoint: [target.message] },
        };
      }
    }
    const outcome = await savePsa(db, {
      accountId: session.account.id,
      user: { id: session.user.id, email: session.user.email },
      settings: parsed.settings,
      create,
    });
    if (!outcome.ok) return { ok: false, message: outcome.message };
    revalidatePath("/integrations");
    revalidatePath("/integrations/psa");
    // The page becomes the edit page: it says what happened (the add form's answer is gone).
    if (outcome.created) redirect("/integrations/psa?added=1");
    const count = outcome.changes.length;
    return {
      ok: true,
      message:
        count === 0
          ? "Nothing to save: these settings were already saved."
          : `Saved. ${count} ${count === 1 ? "change" : "changes"} recorded in History.`,
    };
  });

export const createPsaAction = savePsaWith(true);
export const updatePsaAction = savePsaWith(false);

export const removePsaAction = portalAction(
  {
    role: "admin",
    schema: z.object({ confirm: z.literal("remove", { error: "Confirm the removal" }) }),
  },
  async (_input, session) => {
    const name = await removePsa(db, { accountId: session.account.id, user: session.user });
    if (!name) return { ok: false, message: "This account has no PSA integration." };
    revalidatePath("/integrations");
    redirect(`/integrations?removed=psa`);
  },
);

export const revealPsaSecretAction = portalAction(
  { role: "admin", schema: z.object({ password: z.string().max(1024).optional() }) },
  async (input, session) => {
    const confirm = await confirmRecentSignIn(db, session, input.password);
    if (confirm) return confirm;
    const limited = await refuseOverLimit(db, "secret-reveal", session.account.id);
    if (limited) return { ok: false, message: limited.message };
    const psa = await psaIntegration(db, session.account.id);
    const secret = await psaSecret(db, session.account.id);
    if (!psa || !secret) return { ok: false, message: "This account has no PSA integration." };
    await addHistory(db, {
      accountId: session.account.id,
      integrationId: psa.integration.id,
      user: session.user,
      changes: [{ field: "PSA signing secret", from: `…${secret.slice(-4)}`, to: "revealed" }],
      at: new Date(),
    });
    revalidatePath("/integrations/psa");
    return { ok: true, message: "PSA signing secret shown.", values: { secret } };
  },
);

/** A new PSA signing secret, shown once to the admin who asked; the History keeps both tails. */
export const rotatePsaSecretAction = portalAction(
  { role: "admin", schema: z.object({ password: z.string().max(1024).optional() }) },
  async (input, session) => {
    const confirm = await confirmRecentSignIn(db, session, input.password);
    if (confirm) return confirm;
    const psa = await psaIntegration(db, session.account.id);
    const before = await psaSecret(db, session.account.id);
    const secret = psa ? await rotatePsaSecret(db, session.account.id, new Date()) : null;
    if (!psa || !secret) return { ok: false, message: "This account has no PSA integration." };
    await addHistory(db, {
      accountId: session.account.id,
      integrationId: psa.integration.id,
      user: session.user,
      changes: [
        {
          field: "PSA signing secret",
          from: before ? `…${before.slice(-4)}` : "none",
          to: `…${secret.slice(-4)} (rotated)`,
        },
      ],
      at: new Date(),
    });
    revalidatePath("/integrations/psa");
    return {
      ok: true,
      message:
        "New PSA signing secret issued: enter it in the PSA now, tickets are signed with it.",
      values: { secret },
    };
  },
);

/**
 * A test ticket: for a webhook, the same ticket, signature and call the dispatcher makes,
 * answered here so the admin sees what the PSA said; for email-to-ticket, a test email to
 * the ticketing address through the outbox.
 */
export const sendTestTicketAction = portalAction(
  { role: "admin", schema: anyForm },
  async (_input, session) => {
    const accountId = session.account.id;
    const psa = await psaIntegration(db, accountId);
    if (!psa) return { ok: false, message: "This account has no PSA integration." };
    const limited = await refuseOverLimit(db, "send-test", accountId);
    if (limited) return { ok: false, message: `Not sent. ${limited.message}` };
    const event = sampleEvent("incident", "open");
    if (psa.settings.method === "email") {
      const intake = intakeRuntime();
      const result = await acceptTestSend(
        intake.store,
        session.account,
        { event, recipients: [psa.settings.ticketAddress], organizationId: null },
        intake.context,
      );
      return result.status === "queued"
        ? {
            ok: true,
            message: `Test ticket email queued to ${psa.settings.ticketAddress}. Its outcome is on the Notifications page.`,
          }
        : { ok: false, message: "Not sent: the test email could not be queued." };
    }
    const secret = await psaSecret(db, accountId);
    if (!secret) return { ok: false, message: "The PSA integration has no signing secret." };
    const { INTEGRATIONS_ALLOW_PRIVATE_TARGETS: allowPrivate, PSA_TIMEOUT_MS } = config();
    const id = uuidv7();
    const content = await renderContent(event, true);
    const body = ticketBody({
      notificationId: id,
      reference: id,
      isTest: true,
      payload: event,
      subject: formatSubject(event, { test: true }),
      text: content.text,
    });
    const answer = await postTicket(
      psa.settings.endpoint,
      body,
      signTicket(secret, `msg_${id}`, body),
      {
        allowPrivate,
        timeoutMs: PSA_TIMEOUT_MS,
      },
    );
    let host = psa.settings.endpoint;
    try {
      host = new URL(host).host;
    } catch {}
    const result = classifyAnswer(id, host, answer);
    await addHistory(db, {
      accountId,
      integrationId: psa.integration.id,
      user: session.user,
      changes: [
        {
          field: "Test ticket",
          from: "sent",
          to:
            result.kind === "done"
              ? "accepted"
              : `failed: ${"error" in result ? result.error : ""}`.slice(0, 300),
        },
      ],
      at: new Date(),
    });
    revalidatePath("/integrations/psa");
    if (result.kind === "done") {
      const outcome = result.outcomes[0];
      return {
        ok: true,
        message: `Test ticket sent. ${outcome?.ok ? (outcome.detail ?? "") : ""}`.trim(),
      };
    }
    return { ok: false, message: `Test ticket failed. ${result.error}` };
  },
);

const fixSchema = z.object({
  fix: z.enum(["on_failure", "remove"], { error: "Choose a fix" }),
  type: z.enum(NOTIFICATION_TYPES, { error: "is not a notification type" }),
  address: z.string().trim().toLowerCase().max(254),
});

/**
 * The duplicate warning's two fixes: switch the type to "email only when the PSA fails",
 * or take the address out of every Email Integration list that sends the type to it.
 */
export const fixDuplicateAction = portalAction(
  { role: "admin", schema: fixSchema },
  async (input, session) => {
    const accountId = session.account.id;
    const user = { id: session.user.id, email: session.user.email };
    if (input.fix === "on_failure") {
      const psa = await psaIntegration(db, accountId);
      if (!psa?.settings.types[input.type])
        return { ok: false, message: "The PSA does not cover this type." };
      const outcome = await savePsa(db, {
        accountId,
        user,
        create: false,
        settings: { ...psa.settings, types: { ...psa.settings.types, [input.type]: "on_failure" } },
      });
      if (!outcome.ok) return { ok: false, message: outcome.message };
    } else {
      const { integration, settings } = await emailIntegration(db, accountId);
      const drop = (list: string[]) => list.filter((address) => address !== input.address);
      const typeSettings = settings.types[input.type];
      const next = {
        ...settings,
        defaults: typeSettings.override ? settings.defaults : drop(settings.defaults),
        types: {
          ...settings.types,
          [input.type]: { ...typeSettings, addresses: drop(typeSettings.addresses) },
        },
        organizationRules: settings.organizationRules.map((rule) =>
          rule.types.includes(input.type) ? { ...rule, addresses: drop(rule.addresses) } : rule,
        ),
      };
      if (
        next.defaults.length === 0 ||
        next.organizationRules.some((rule) => rule.addresses.length === 0) ||
        (typeSettings.override && next.types[input.type].addresses.length === 0)
      ) {
        return {
          ok: false,
          message: `${input.address} is the only address of a list; add another one on the Email Integration page first, or switch the type to "Email only when the PSA fails".`,
        };
      }
      const outcome = await saveEmailSettings(db, {
        accountId,
        integrationId: integration.id,
        settings: next,
        user,
      });
      if (!outcome.ok) return { ok: false, message: outcome.message };
    }
    revalidatePath("/integrations/psa");
    revalidatePath("/integrations/email");
    return { ok: true, message: "Fixed. The change is in the History." };
  },
);
