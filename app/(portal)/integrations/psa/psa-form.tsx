"use client";

import { useActionState, useState } from "react";
import { FieldError } from "@/app/_components/field-error";
import { TextField } from "@/app/_components/text-field";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { type ActionState, initialActionState } from "@/lib/auth/action-state";
import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES } from "@/lib/core/events";
import {
  PSA_EMAIL_MODE_LABELS,
  PSA_EMAIL_MODES,
  PSA_METHOD_LABELS,
  PSA_METHODS,
  type PsaMethod,
  type PsaSettings,
} from "@/lib/core/psa";
import { coverField, modeField } from "@/lib/core/psa-form";

type Props = {
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>;
  initial: PsaSettings;
  readOnly: boolean;
  allowPrivate: boolean;
  submitLabel: string;
};

type Values = {
  name?: string;
  method?: string;
  endpoint?: string;
  ticketAddress?: string;
  types?: Record<string, string>;
  enabled?: boolean;
};

/**
 * The PSA's form, for adding and editing. Inputs are uncontrolled with what was submitted
 * as their defaults (re-keyed per answer), so a refused save keeps everything typed and
 * shows each error under its field.
 */
export function PsaForm({ action, initial, readOnly, allowPrivate, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const submitted = (state.values ?? null) as Values | null;
  const values: PsaSettings = submitted
    ? {
        name: submitted.name ?? "",
        method: submitted.method === "email" ? "email" : "webhook",
        endpoint: submitted.endpoint ?? "",
        ticketAddress: submitted.ticketAddress ?? "",
        types: (submitted.types ?? {}) as PsaSettings["types"],
        enabled: submitted.enabled === true,
      }
    : initial;
  const [method, setMethod] = useState<PsaMethod>(values.method);
  const key = state.at ?? 0;
  const errors = state.errors ?? {};

  return (
    <form
      action={formAction}
      className="flex flex-col gap-4"
      noValidate
      aria-label="PSA integration"
    >
      <fieldset disabled={readOnly} className="flex flex-col gap-4">
        <TextField
          id="psa-name"
          name="name"
          label="Name"
          hint="How the PSA is called in the portal and in the History, e.g. ConnectWise Manage."
          defaultValue={values.name}
          inputKey={`name-${key}`}
          errors={errors.name}
          maxLength={100}
        />
        <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby="psa-method-error">
          <legend>Delivery method</legend>
          {PSA_METHODS.map((value) => (
            <label key={`${value}-${key}`} className="inline-flex items-center gap-2 font-normal">
              <input
                type="radio"
                name="method"
                value={value}
                defaultChecked={values.method === value}
                onChange={() => setMethod(value)}
              />{" "}
              {PSA_METHOD_LABELS[value]}
            </label>
          ))}
          <FieldError id="psa-method-error" errors={errors.method} />
        </fieldset>
        {method === "webhook" ? (
          <TextField
            id="psa-endpoint"
            name="endpoint"
            type="url"
            label="Webhook URL"
            hint={
              allowPrivate
                ? "Where tickets are POSTed as signed JSON (https://, or http:// on this deployment)."
                : "Where tickets are POSTed as signed JSON. https:// only; private and loopback addresses are refused."
            }
            placeholder="https://psa.example.com/beacon"
            defaultValue={values.endpoint}
            inputKey={`endpoint-${key}`}
            errors={errors.endpoint}
          />
        ) : (
          <TextField
            id="psa-ticket-address"
            name="ticketAddress"
            type="email"
            inputMode="email"
            label="Ticketing address"
            hint="The PSA's mailbox that turns emails into tickets; it gets each notification with the parseable subject."
            placeholder="tickets@psa.example.com"
            defaultValue={values.ticketAddress}
            inputKey={`ticket-${key}`}
            errors={errors.ticketAddress}
          />
        )}
        <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby="psa-types-error">
          <legend>Notification types the PSA covers</legend>
          {NOTIFICATION_TYPES.map((type) => (
            <div key={`${type}-${key}`} className="flex flex-wrap items-center gap-3">
              <label className="inline-flex items-center gap-2 font-normal">
                <input
                  type="checkbox"
                  name={coverField(type)}
                  defaultChecked={Boolean(values.types[type])}
                />{" "}
                {NOTIFICATION_TYPE_PLURALS[type]}
              </label>
              <label htmlFor={`psa-mode-${type}`} className="sr-only">
                Email Integration for {NOTIFICATION_TYPE_PLURALS[type]}
              </label>
              <select
                id={`psa-mode-${type}`}
                name={modeField(type)}
                defaultValue={values.types[type] ?? "on_failure"}
              >
                {PSA_EMAIL_MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {PSA_EMAIL_MODE_LABELS[mode]}
                  </option>
                ))}
              </select>
              <FieldError id={`psa-types-${type}-error`} errors={errors[`types.${type}`]} />
            </div>
          ))}
          <FieldError id="psa-types-error" errors={errors.types} />
        </fieldset>
        <label className="inline-flex items-center gap-2 font-normal" key={`enabled-${key}`}>
          <input type="checkbox" name="enabled" defaultChecked={values.enabled} /> Enabled
        </label>
      </fieldset>
      {readOnly ? null : (
        <div>
          <button
            type="submit"
            className={buttonClasses({ variant: "primary" })}
            disabled={pending}
          >
            {pending ? "Saving…" : submitLabel}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {state.message ? (
          <p className={noticeClasses(state.ok ? "ok" : "danger")}>{state.message}</p>
        ) : null}
      </div>
    </form>
  );
}
