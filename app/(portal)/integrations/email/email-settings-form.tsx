"use client";

import { type FormEvent, startTransition, useActionState, useMemo } from "react";
import { buttonClasses } from "@/app/_components/ui/button";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { NOTIFICATION_TYPES } from "@/lib/core/events";
import { recipientSummary } from "@/lib/core/routing";
import type { EmailSettings } from "@/lib/core/settings";
import { INTEGRATION_FIELD, pendingField, SETTINGS_FIELD } from "@/lib/core/settings-form";
import type { OrganizationOption } from "../data";
import { saveEmailSettingsAction } from "./actions";
import { AddressListInput } from "./address-list-input";
import { MaintenanceWindowFields } from "./maintenance-window-fields";
import { OrganizationRuleFields } from "./organization-rule-fields";
import { RecipientSummaryTables } from "./recipient-summary";
import { SaveBar } from "./save-bar";
import { unplacedErrors } from "./settings-errors";
import { TimeZoneField } from "./time-zone-field";
import { TypeSettingsFields } from "./type-settings-fields";
import { UnsavedChangesGuard } from "./unsaved-changes-guard";
import { useEmailSettings } from "./use-email-settings";

type Props = {
  integrationId: string;
  initialSettings: EmailSettings;
  organizations: OrganizationOption[];
  readOnly: boolean;
};

/** The Email Integration's settings: defaults, per-type overrides, organization rules. */
export function EmailSettingsForm({
  integrationId,
  initialSettings,
  organizations,
  readOnly,
}: Props) {
  const [state, formAction, pending] = useActionState(saveEmailSettingsAction, initialActionState);
  const form = useEmailSettings(initialSettings, state);
  const { settings, errors, version } = form;

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
  const { general, count: errorCount } = unplacedErrors(errors, settings);

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
      ref={form.formRef}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Email Integration settings"
    >
      <input type="hidden" name={INTEGRATION_FIELD} value={integrationId} />
      <input type="hidden" name={SETTINGS_FIELD} value={JSON.stringify(settings)} />

      {readOnly ? (
        <p className={noticeClasses("warn")}>
          You have read-only access. Only Account Admins can change the Email Integration.
        </p>
      ) : null}

      <section className={CARD_CLASSES} aria-labelledby="defaults-heading">
        <h2 id="defaults-heading">Default Notification Emails</h2>
        <p className="m-0 text-sm text-muted-fg">
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
          onChange={form.setDefaults}
          pendingName={pendingField.defaults}
          errors={errors.defaults}
          onEdit={() => form.clear("defaults")}
          readOnly={readOnly}
        />
      </section>

      <section className={CARD_CLASSES} aria-labelledby="time-zone-heading">
        <h2 id="time-zone-heading">Time zone</h2>
        <TimeZoneField
          value={settings.timeZone}
          errors={errors.timeZone}
          readOnly={readOnly}
          onChange={form.setTimeZone}
        />
      </section>

      <section className={CARD_CLASSES} aria-labelledby="types-heading">
        <h2 id="types-heading">Notification Types</h2>
        {NOTIFICATION_TYPES.map((type) => (
          <TypeSettingsFields
            key={type}
            type={type}
            own={settings.types[type]}
            version={version}
            errors={errors[`types.${type}.addresses`]}
            reminderErrors={{
              everyHours: errors[`types.${type}.reminders.everyHours`],
              times: errors[`types.${type}.reminders.times`],
            }}
            scheduleErrors={{
              delivery: errors[`types.${type}.delivery`],
              digestAt: errors[`types.${type}.digestAt`],
            }}
            severityErrors={errors[`types.${type}.severities`]}
            readOnly={readOnly}
            onChange={(patch) => form.setType(type, patch)}
            onEditAddresses={() => form.clear(`types.${type}.addresses`)}
          />
        ))}
      </section>

      <section className={CARD_CLASSES} aria-labelledby="rules-heading">
        <h2 id="rules-heading">Organization overrides</h2>
        <p className="m-0 text-sm text-muted-fg">
          Send an organization's notifications to its own addresses, instead of or in addition to
          the account recipients above.
        </p>
        {settings.organizationRules.length === 0 ? (
          <p className="text-muted-fg">No organization rules.</p>
        ) : null}
        {settings.organizationRules.map((rule, index) => (
          <OrganizationRuleFields
            key={`${rule.id}-${version}`}
            rule={rule}
            number={index + 1}
            organizations={organizations}
            errors={errors}
            readOnly={readOnly}
            onChange={form.setRule}
            onRemove={() => form.removeRule(rule.id)}
            onEditAddresses={() => form.clear(`rule:${rule.id}.addresses`)}
          />
        ))}
        {readOnly ? null : organizations.length === 0 ? (
          <p className="m-0 text-sm text-muted-fg">
            Organizations appear here once the platform has sent an alert about them.
          </p>
        ) : (
          <button id="add-rule" type="button" className={buttonClasses()} onClick={form.addRule}>
            Add organization rule
          </button>
        )}
      </section>

      <section className={CARD_CLASSES} aria-labelledby="windows-heading">
        <h2 id="windows-heading">Maintenance windows</h2>
        <p className="m-0 text-sm text-muted-fg">
          While a window is on, the organization&apos;s notifications are held and go out as one
          digest per recipient when it ends. Critical ones are delivered as usual. Times are in the
          account&apos;s time zone.
        </p>
        {settings.maintenanceWindows.length === 0 ? (
          <p className="text-muted-fg">No maintenance windows.</p>
        ) : null}
        {settings.maintenanceWindows.map((window, index) => (
          <MaintenanceWindowFields
            key={`${window.id}-${version}`}
            window={window}
            number={index + 1}
            organizations={organizations}
            errors={errors}
            readOnly={readOnly}
            onChange={form.setWindow}
            onRemove={() => form.removeWindow(window.id)}
          />
        ))}
        {readOnly ? null : (
          <button
            id="add-window"
            type="button"
            className={buttonClasses()}
            onClick={form.addWindow}
          >
            Add maintenance window
          </button>
        )}
      </section>

      <section className={CARD_CLASSES} aria-labelledby="summary-heading">
        <h2 id="summary-heading">Who receives what</h2>
        <p className="m-0 text-sm text-muted-fg">
          {form.dirty
            ? "Shows the settings as they are on this page, including unsaved changes. Save to apply them."
            : "Shows the saved settings, worked out by the same routing that sends real notifications."}
        </p>
        <RecipientSummaryTables summary={summary} />
      </section>

      {readOnly ? null : <UnsavedChangesGuard dirty={form.dirty && !pending} />}
      {readOnly ? null : (
        <SaveBar
          state={state}
          pending={pending}
          dirty={form.dirty}
          general={general}
          errorCount={errorCount}
        />
      )}
    </form>
  );
}
