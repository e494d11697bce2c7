/**
 * A field's error messages. The live region is always rendered (empty when there is nothing
 * to say) because screen readers announce changes to a region, not a region that appears.
 */
export function FieldMessages({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} className="field-error" aria-live="polite">
      {errors?.join(" ")}
    </p>
  );
}
