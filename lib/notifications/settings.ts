import type { NotificationType } from "./events";

/*
 * CONTRACT (to be completed by the settings/routing work): the Email Integration's settings,
 * stored as JSON on `integrations.settings` and validated with zod on every save.
 */

export type TypeSettings = {
  /** "Override Global Settings": route this type to `addresses` instead of the defaults. */
  override: boolean;
  /** Kept when the override is switched off, so unchecking never throws addresses away. */
  addresses: string[];
  /** When false, the 'resolved' follow-ups of this type are not emailed. */
  resolved: boolean;
};

export type OrganizationRule = {
  id: string;
  /** organizations.id (internal id), always of the same account. */
  organizationId: string;
  types: NotificationType[];
  addresses: string[];
  /** "replace": instead of the account-level recipients; "add": in addition to them. */
  mode: "replace" | "add";
};

export type EmailSettings = {
  defaults: string[];
  types: Record<NotificationType, TypeSettings>;
  organizationRules: OrganizationRule[];
};

export function defaultEmailSettings(defaults: string[] = []): EmailSettings {
  const type = (): TypeSettings => ({ override: false, addresses: [], resolved: true });
  return {
    defaults,
    types: {
      incident: type(),
      escalation: type(),
      platform_action: type(),
      account_notice: type(),
    },
    organizationRules: [],
  };
}
