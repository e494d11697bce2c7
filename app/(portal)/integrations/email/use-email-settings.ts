"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionState } from "@/lib/auth/action-state";
import { NOTIFICATION_TYPES, type NotificationType, SEVERITIES } from "@/lib/core/events";
import type {
  EmailSettings,
  MaintenanceWindow,
  OrganizationRule,
  TypeSettings,
} from "@/lib/core/settings";
import { formFieldErrors } from "@/lib/core/settings-form";
import { keyRuleErrors } from "./settings-errors";

function newRule(): OrganizationRule {
  return {
    id: crypto.randomUUID(),
    organizationId: "",
    types: [...NOTIFICATION_TYPES],
    addresses: [],
    mode: "add",
    severities: [...SEVERITIES],
  };
}

/**
 * The Email Integration form's state: the settings as edited, the saved ones, the errors
 * beside each input, and the edits. A new answer from the server is adopted (a save) or its
 * errors placed, with the keyboard put on the first field that needs attention.
 */
export function useEmailSettings(initialSettings: EmailSettings, state: ActionState) {
  const [settings, setSettings] = useState(initialSettings);
  const [saved, setSaved] = useState(initialSettings);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [version, setVersion] = useState(0);
  const [seenAt, setSeenAt] = useState(state.at);
  const [focusRequest, setFocusRequest] = useState(0);

  // Settings saved elsewhere on the page (Remove on a flagged address) arrive as new props:
  // an untouched form takes them, so a later Save can't put the old ones back; an edited
  // one keeps its edits, now compared with what is saved.
  const [seenInitial, setSeenInitial] = useState(initialSettings);
  if (initialSettings !== seenInitial) {
    setSeenInitial(initialSettings);
    if (JSON.stringify(initialSettings) !== JSON.stringify(saved)) {
      if (JSON.stringify(settings) === JSON.stringify(saved)) {
        setSettings(initialSettings);
        setVersion((v) => v + 1);
      }
      setSaved(initialSettings);
    }
  }

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
      setErrors(keyRuleErrors(formFieldErrors(state.errors), settings));
      setFocusRequest((n) => n + 1);
    }
  }

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
  const setDefaults = (defaults: string[]) => {
    setSettings((s) => ({ ...s, defaults }));
    clear("defaults");
  };
  const setType = (type: NotificationType, patch: Partial<TypeSettings>) => {
    setSettings((s) => ({ ...s, types: { ...s.types, [type]: { ...s.types[type], ...patch } } }));
    clear(
      ...["addresses", "delivery", "digestAt", "reminders.everyHours", "reminders.times"].map(
        (field) => `types.${type}.${field}`,
      ),
    );
  };
  const setTimeZone = (timeZone: string) => {
    setSettings((s) => ({ ...s, timeZone }));
    clear("timeZone");
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
  const addWindow = () => {
    const id = crypto.randomUUID();
    const window: MaintenanceWindow = {
      id,
      organizationId: null,
      start: "",
      end: "",
      weekly: false,
      reason: "",
      endedEarly: null,
    };
    setSettings((s) => ({ ...s, maintenanceWindows: [...s.maintenanceWindows, window] }));
    requestAnimationFrame(() => document.getElementById(`window-${id}-organization`)?.focus());
  };
  const setWindow = (window: MaintenanceWindow) => {
    setSettings((s) => ({
      ...s,
      maintenanceWindows: s.maintenanceWindows.map((w) => (w.id === window.id ? window : w)),
    }));
    clear(...["organizationId", "start", "end", "reason"].map((f) => `window:${window.id}.${f}`));
  };
  const removeWindow = (id: string) => {
    setSettings((s) => ({
      ...s,
      maintenanceWindows: s.maintenanceWindows.filter((w) => w.id !== id),
    }));
    requestAnimationFrame(() => document.getElementById("add-window")?.focus());
  };
  const removeRule = (id: string) => {
    setSettings((s) => ({
      ...s,
      organizationRules: s.organizationRules.filter((r) => r.id !== id),
    }));
    requestAnimationFrame(() => document.getElementById("add-rule")?.focus());
  };

  return {
    settings,
    dirty: JSON.stringify(settings) !== JSON.stringify(saved),
    errors,
    /** Changes on every save, so the address inputs start again from the saved lists. */
    version,
    formRef,
    clear,
    setDefaults,
    setTimeZone,
    setType,
    setRule,
    addRule,
    removeRule,
    addWindow,
    setWindow,
    removeWindow,
  };
}
