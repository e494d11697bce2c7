"use client";

import { FieldError } from "@/app/_components/field-error";
import { buttonClasses } from "@/app/_components/ui/button";
import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES } from "@/lib/core/events";
import type { OrganizationRule } from "@/lib/core/settings";
import { pendingField } from "@/lib/core/settings-form";
import type { OrganizationOption } from "../data";
import { AddressListInput } from "./address-list-input";
import { SeverityLimitFields } from "./severity-limit-fields";

type Props = {
  rule: OrganizationRule;
  /** 1-based, for labels that tell rules apart. */
  number: number;
  organizations: OrganizationOption[];
  errors: Record<string, string[]>;
  readOnly: boolean;
  onChange: (rule: OrganizationRule) => void;
  onRemove: () => void;
  onEditAddresses: () => void;
};

export function OrganizationRuleFields({
  rule,
  number,
  organizations,
  errors,
  readOnly,
  onChange,
  onRemove,
  onEditAddresses,
}: Props) {
  const base = `rule-${rule.id}`;
  const errorsOf = (field: string) => errors[`rule:${rule.id}.${field}`];
  const organizationName = organizations.find((org) => org.id === rule.organizationId)?.name;
  const title = `Rule ${number}${organizationName ? `: ${organizationName}` : ""}`;
  const orgErrors = errorsOf("organizationId");
  const typeErrors = errorsOf("types");
  const modeErrors = errorsOf("mode");

  return (
    <fieldset
      className="mt-3 flex flex-col gap-2.5"
      aria-describedby={errorsOf("id") ? `${base}-id-error` : undefined}
    >
      <legend>{title}</legend>
      <FieldError id={`${base}-id-error`} errors={errorsOf("id")} />
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor={`${base}-organization`}>Organization</label>
        <select
          id={`${base}-organization`}
          value={rule.organizationId}
          disabled={readOnly}
          onChange={(event) => onChange({ ...rule, organizationId: event.target.value })}
          aria-invalid={Boolean(orgErrors)}
          aria-describedby={orgErrors ? `${base}-organization-error` : undefined}
        >
          <option value="">Choose an organization…</option>
          {organizations.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
          {rule.organizationId && !organizationName ? (
            <option value={rule.organizationId}>Unknown organization</option>
          ) : null}
        </select>
        <FieldError id={`${base}-organization-error`} errors={orgErrors} />
      </div>

      <fieldset
        className="flex flex-wrap gap-x-5 gap-y-2 [&>legend]:w-full"
        aria-describedby={typeErrors ? `${base}-types-error` : undefined}
        aria-invalid={Boolean(typeErrors)}
      >
        <legend>Notification types</legend>
        {NOTIFICATION_TYPES.map((type) => (
          <label key={type} className="inline-flex items-center gap-2 font-normal">
            <input
              type="checkbox"
              checked={rule.types.includes(type)}
              disabled={readOnly}
              onChange={(event) =>
                onChange({
                  ...rule,
                  types: event.target.checked
                    ? NOTIFICATION_TYPES.filter((t) => t === type || rule.types.includes(t))
                    : rule.types.filter((t) => t !== type),
                })
              }
            />{" "}
            {NOTIFICATION_TYPE_PLURALS[type]}
          </label>
        ))}
        <FieldError id={`${base}-types-error`} errors={typeErrors} />
      </fieldset>

      <SeverityLimitFields
        id={`${base}-severities`}
        legend={`Severities rule ${number} covers`}
        value={rule.severities}
        errors={errorsOf("severities")}
        readOnly={readOnly}
        onChange={(severities) => onChange({ ...rule, severities })}
      />

      <AddressListInput
        id={`${base}-addresses`}
        label={`Addresses for rule ${number}`}
        addresses={rule.addresses}
        onChange={(addresses) => onChange({ ...rule, addresses })}
        pendingName={pendingField.rule(rule.id)}
        errors={errorsOf("addresses")}
        onEdit={onEditAddresses}
        readOnly={readOnly}
      />

      <fieldset
        className="flex flex-wrap gap-x-5 gap-y-2 [&>legend]:w-full"
        aria-describedby={modeErrors ? `${base}-mode-error` : undefined}
      >
        <legend>These addresses receive the mail</legend>
        <label className="inline-flex items-center gap-2 font-normal">
          <input
            type="radio"
            name={`${base}-mode`}
            checked={rule.mode === "replace"}
            disabled={readOnly}
            onChange={() => onChange({ ...rule, mode: "replace" })}
          />{" "}
          Instead of the account recipients
        </label>
        <label className="inline-flex items-center gap-2 font-normal">
          <input
            type="radio"
            name={`${base}-mode`}
            checked={rule.mode === "add"}
            disabled={readOnly}
            onChange={() => onChange({ ...rule, mode: "add" })}
          />{" "}
          In addition to the account recipients
        </label>
        <FieldError id={`${base}-mode-error`} errors={modeErrors} />
      </fieldset>

      {readOnly ? null : (
        <button
          type="button"
          className={buttonClasses({ variant: "danger", size: "sm" })}
          onClick={onRemove}
        >
          Remove rule {number}
          {organizationName ? ` (${organizationName})` : ""}
        </button>
      )}
    </fieldset>
  );
}
