/**
 * A field's error messages, the one way every form shows them. The live region is always
 * rendered (empty when there is nothing to say) because screen readers announce changes to
 * a region, not a region that appears; its id is what the input's aria-describedby names.
 */
export function FieldError({ id, errors }: { id: string; errors?: readonly string[] }) {
  return (
    <p id={id} className="m-0 text-sm text-danger" aria-live="polite">
      {errors?.join(" ")}
    </p>
  );
}
