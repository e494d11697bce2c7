import type { InputHTMLAttributes, Key } from "react";
import { FieldError } from "./field-error";

/**
 * A labelled text input with its hint and its errors, wired the one way: the input is
 * `aria-invalid` while there are errors and described by them (else by its hint), and the
 * errors' live region stays in place while the input is replaced (`inputKey`).
 */
export function TextField({
  id,
  label,
  hint,
  errors,
  inputKey,
  ...input
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: readonly string[];
  /** Changes to start the input again from its defaultValue, e.g. after each answer. */
  inputKey?: Key;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "aria-invalid" | "aria-describedby">) {
  const invalid = Boolean(errors?.length);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        key={inputKey}
        id={id}
        {...input}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : hintId}
      />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
