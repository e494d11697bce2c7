/** Errors of one field; its id is what the input's aria-describedby points at. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" aria-live="polite">
      {errors.join(" ")}
    </p>
  );
}
