import type { ChangeEventHandler, ReactNode } from "react";

export type Choice = { value: string; label: string };

/** Choices from a list of values and their labels, in the list's order. */
export function choicesOf<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
): Choice[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/**
 * A labelled select, as every form in the portal writes one: an optional first choice with
 * the empty value ("All types"), the choices, and any options of its own (e.g. an optgroup).
 */
export function SelectField({
  id,
  label,
  name,
  defaultValue,
  emptyChoice,
  choices = [],
  disabled,
  onChange,
  children,
}: {
  id: string;
  label: string;
  name: string;
  defaultValue: string;
  /** The label of a first choice whose value is "". */
  emptyChoice?: string;
  choices?: readonly Choice[];
  disabled?: boolean;
  onChange?: ChangeEventHandler<HTMLSelectElement>;
  children?: ReactNode;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        disabled={disabled}
        onChange={onChange}
      >
        {emptyChoice === undefined ? null : <option value="">{emptyChoice}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}
