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
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <input
        key={inputKey}
        id={id}
        {...input}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : hintId}
      />
      {hint ? (
        <p id={hintId} className="m-0 text-sm text-muted-fg">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
