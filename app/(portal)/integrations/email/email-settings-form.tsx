"use client";

import {
  type FormEvent,
  startTransition,
  useActionState,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { initialActionState } from "@/lib/auth/action-state";
import {
  NOTIFICATION_TYPE_PLURALS,
  NOTIFICATION_TYPES,
  type NotificationType,
} from "@/lib/core/events";
import { recipientSummary } from "@/lib/core/routing";
import type { EmailSettings, OrganizationRule, TypeSettings } from "@/lib/core/settings";
import {
  formFieldErrors,
  INTEGRATION_FIELD,
  pendingField,
  SETTINGS_FIELD,
} from "@/lib/core/settings-form";
import type { OrganizationOption } from "../data";
import { saveEmailSettingsAction } from "./actions";
import { AddressListInput } from "./address-list-input";
import { OrganizationRuleFields } from "./organization-rule-fields";
import { RecipientSummaryTables } from "./recipient-summary";

type Props = {
  integrationId: string;
  initialSettings: EmailSettings;
  organizations: OrganizationOption[];
  readOnly: boolean;
};

/** Field keys this form shows next to an input; any other error goes to the form's notice. */
function isPlacedField(key: string, settings: EmailSettings): boolean {
  const type = /^types\.([a-z_]+)\.addresses$/.exec(key)?.[1];
  if (type) return settings.types[type as NotificationType]?.override === true;
  return key === "defaults" || /^rule:[^.]+\.(organizationId|types|addresses|mode|id)$/.test(key);
}

/** Rule errors arrive by position; key them by rule id so they follow the rule. */
function keyRuleErrors(errors: Record<string, string[]>, rules: OrganizationRule[]) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^organizationRules\.(\d+)\.([A-Za-z]+)/.exec(key);
    const rule = match ? rules[Number(match[1])] : undefined;
    out[rule && match ? `rule:${rule.id}.${match[2]}` : key] = messages;
  }
  return out;
}

function newRule(): OrganizationRule {
  return {
    id: crypto.randomUUID(),
    organizationId: "",
    types: [...NOTIFICATION_TYPES],
    addresses: [],
    mode: "add",
  };
}

export function EmailSettingsForm({
  integrationId,
  initialSettings,
  organizations,
  readOnly,
}: Props) {
  const [state, formAction, pending] = useActionState(saveEmailSettingsAction, initialActionState);
  const [settings, setSettings] = useState(initialSettings);
  const [saved, setSaved] = useState(initialSettings);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [version, setVersion] = useState(0);
  const [seenAt, setSeenAt] = useState(state.at);
  const [focusRequest, setFocusRequest] = useState(0);

  // A new answer from the server: adopt the saved settings, or place its errors.
  if (state.at !== seenAt) {
    setSeenAt(state.at);
    const savedSettings = (state.values as { settings?: EmailSettings } | undefined)?.settings;
    if (state.ok && savedSettings) {
      setSettings(savedSettings);
      setSaved(savedSettings);
      setErrors({});
      setVersion((v) => v + 1);
    } else {
      setErrors(keyRuleErrors(formFieldErrors(state.errors), settings.organizationRules));
      setFocusRequest((n) => n + 1);
    }
  }

  const names = useMemo(
    () => new Map(organizations.map((org) => [org.id, org.name])),
    [organizations],
  );
  const summary = useMemo(
    () =>
      recipientSummary(
        {
          ...settings,
          organizationRules: settings.organizationRules.filter((rule) => rule.organizationId),
        },
        names,
      ),
    [settings, names],
  );
  const dirty = JSON.stringify(settings) !== JSON.stringify(saved);

  // After a refused save, put the keyboard on the first field that needs attention.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current
      ?.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"]')
      ?.focus();
  }, [focusRequest]);

  const clear = (...keys: string[]) =>
    setErrors((current) => {
      if (!keys.some((key) => key in current)) return current;
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
  const setType = (type: NotificationType, patch: Partial<TypeSettings>) => {
    setSettings((s) => ({ ...s, types: { ...s.types, [type]: { ...s.types[type], ...patch } } }));
    clear(`types.${type}.addresses`);
  };
  const setRule = (rule: OrganizationRule) => {
    setSettings((s) => ({
      ...s,
      organizationRules: s.organizationRules.map((r) => (r.id === rule.id ? rule : r)),
    }));
    clear(...["organizationId", "types", "addresses", "mode"].map((f) => `rule:${rule.id}.${f}`));
  };
  const addRule = () => {
    const rule = newRule();
    setSettings((s) => ({ ...s, organizationRules: [...s.organizationRules, rule] }));
    // Let the new rule render, then put the keyboard on its first field.
    requestAnimationFrame(() => document.getElementById(`rule-${rule.id}-organization`)?.focus());
  };
  const removeRule = (id: string) => {
    setSettings((s) => ({
      ...s,
      organizationRules: s.organizationRules.filter((r) => r.id !== id),
    }));
    requestAnimationFrame(() => document.getElementById("add-rule")?.focus());
  };

  const general = Object.entries(errors)
    .filter(([key]) => !isPlacedField(key, settings))
    .flatMap(([, messages]) => messages);
  const errorCount = Object.values(errors).reduce((n, messages) => n + messages.length, 0);

  // Submitted by hand rather than through <form action>: React resets a form after its action,
  // which would throw away what the admin typed when the server refuses it.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (readOnly || pending) return;
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="stack"
      aria-label="Email Integration settings"
    >
      <input type="hidden" name={INTEGRATION_FIELD} value={integrationId} />
      <input type="hidden" name={SETTINGS_FIELD} value={JSON.stringify(settings)} />

      {readOnly ? (
        <p className="notice notice-warn">
          You have read-only access. Only Account Admins can change the Email Integration.
        </p>
      ) : null}

      <section className="panel" aria-labelledby="defaults-heading">
        <h2 id="defaults-heading">Default Notification Emails</h2>
        <p className="hint">
          Every notification goes to these addresses unless an override or an organization rule says
          otherwise.
        </p>
        <AddressListInput
          key={`defaults-${version}`}
          id="defaults"
          label="Default Notification Emails"
          hideLabel
          hint="Type or paste addresses separated by commas, semicolons, spaces or new lines. At most 50."
          addresses={settings.defaults}
          onChange={(defaults) => {
            setSettings((s) => ({ ...s, defaults }));
            clear("defaults");
          }}
          pendingName={pendingField.defaults}
          errors={errors.defaults}
          onEdit={() => clear("defaults")}
          readOnly={readOnly}
        />
      </section>

      <section className="panel" aria-labelledby="types-heading">
        <h2 id="types-heading">Notification Types</h2>
        {NOTIFICATION_TYPES.map((type) => {
          const own = settings.types[type];
          const plural = NOTIFICATION_TYPE_PLURALS[type];
          return (
            <fieldset key={type} className="type-settings">
              <legend>{plural}</legend>
              <label className="check">
                <input
                  type="checkbox"
                  checked={own.override}
                  disabled={readOnly}
                  onChange={(event) => setType(type, { override: event.target.checked })}
                />{" "}
                Override Global Settings for {plural}
              </label>
              {own.override ? (
                <AddressListInput
                  key={`${type}-${version}`}
                  id={`type-${type}-addresses`}
                  label={`${plural} notification emails`}
                  addresses={own.addresses}
                  onChange={(addresses) => setType(type, { addresses })}
                  pendingName={pendingField.type(type)}
                  errors={errors[`types.${type}.addresses`]}
                  onEdit={() => clear(`types.${type}.addresses`)}
                  readOnly={readOnly}
                />
              ) : (
                <p className="hint">
                  Sent to the Default Notification Emails.
                  {own.addresses.length
                    ? ` Kept for when you switch the override back on: ${own.addresses.join(", ")}.`
                    : ""}
                </p>
              )}
              <label className="check switch">
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked={own.resolved}
                  checked={own.resolved}
                  disabled={readOnly}
                  onChange={(event) => setType(type, { resolved: event.target.checked })}
                />{" "}
                Email resolved {plural} notifications
              </label>
            </fieldset>
          );
        })}
      </section>

      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Organization overrides</h2>
        <p className="hint">
          Send an organization's notifications to its own addresses, instead of or in addition to
          the account recipients above.
        </p>
        {settings.organizationRules.length === 0 ? (
          <p className="muted">No organization rules.</p>
        ) : null}
        {settings.organizationRules.map((rule, index) => (
          <OrganizationRuleFields
            key={`${rule.id}-${version}`}
            rule={rule}
            number={index + 1}
            organizations={organizations}
            errors={errors}
            readOnly={readOnly}
            onChange={setRule}
            onRemove={() => removeRule(rule.id)}
            onEditAddresses={() => clear(`rule:${rule.id}.addresses`)}
          />
        ))}
        {readOnly ? null : organizations.length === 0 ? (
          <p className="hint">
            Organizations appear here once the platform has sent an alert about them.
          </p>
        ) : (
          <button id="add-rule" type="button" className="button" onClick={addRule}>
            Add organization rule
          </button>
        )}
      </section>

      <section className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Who receives what</h2>
        <p className="hint">
          {dirty
            ? "Shows the settings as they are on this page, including unsaved changes. Save to apply them."
            : "Shows the saved settings, worked out by the same routing that sends real notifications."}
        </p>
        <RecipientSummaryTables summary={summary} />
      </section>

      {readOnly ? null : (
        <div className="save-bar">
          <div role="status" aria-live="polite" className="save-status">
            {state.at && !pending ? (
              state.ok ? (
                <p className="notice notice-ok">{state.message}</p>
              ) : (
                <div className="notice notice-error">
                  <p>
                    {state.message}
                    {errorCount > 0
                      ? ` ${errorCount} ${errorCount === 1 ? "problem" : "problems"} to fix.`
                      : ""}
                  </p>
                  {general.length ? (
                    <ul>
                      {general.map((message) => (
                        <li key={message}>{message}</li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              )
            ) : null}
          </div>
          <div className="row">
            <button type="submit" className="button button-primary" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </button>
            {dirty && !pending ? <span className="muted">Unsaved changes</span> : null}
          </div>
        </div>
      )}
    </form>
  );
}
