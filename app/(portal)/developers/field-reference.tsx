import { Table, Td, Th, Tr } from "@/app/_components/ui/table";
import type { JsonSchema } from "@/lib/webhooks/openapi";

type Row = { name: string; type: string; required: boolean; rules: string[]; depth: number };

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return "one of";
  if (schema.const !== undefined) return "exactly";
  if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (schema.format === "date-time") return "date-time (ISO 8601)";
  if (schema.format === "uri") return "URL";
  return schema.type ?? "any";
}

function rulesOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : null);
  if (values) rules.push(values.map((v) => JSON.stringify(v)).join(", "));
  if (schema.minLength !== undefined && schema.minLength > 0) rules.push("not empty");
  if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
  if (schema.maxItems !== undefined) rules.push(`at most ${schema.maxItems} items`);
  if (schema.pattern === "^[^\\r\\n]*$") rules.push("one line");
  if (schema.pattern === "^[\\x21-\\x7e]+$") rules.push("printable ASCII, no spaces");
  if (schema.description) rules.push(schema.description);
  return rules;
}

/** The schema's fields, nested objects flattened to dotted names, required first. */
export function fieldRows(schema: JsonSchema, prefix = "", depth = 0): Row[] {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).sort(
    ([a], [b]) => Number(required.has(b)) - Number(required.has(a)),
  );
  return entries.flatMap(([name, child]) => {
    const row = {
      name: `${prefix}${name}`,
      type: typeOf(child),
      required: required.has(name),
      rules: rulesOf(child),
      depth,
    };
    return child.type === "object" && child.properties
      ? [row, ...fieldRows(child, `${prefix}${name}.`, depth + 1)]
      : [row];
  });
}

/**
 * One type's fields as the endpoint validates them, read from the JSON Schema that zod
 * generates from the validating schema (never typed by hand). Unknown fields are kept.
 */
export function FieldReference({ title, schema }: { title: string; schema: JsonSchema }) {
  return (
    <Table caption={title} columns={["Field", "Type", "Required", "Rules"]}>
      {fieldRows(schema).map((row) => (
        <Tr key={row.name}>
          <Th label="Field">
            <code>{row.name}</code>
          </Th>
          <Td label="Type">{row.type}</Td>
          <Td label="Required">{row.required ? "Required" : "Optional"}</Td>
          <Td label="Rules">{row.rules.join("; ") || "—"}</Td>
        </Tr>
      ))}
    </Table>
  );
}
