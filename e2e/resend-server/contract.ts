import { readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/**
 * A copy of Resend's published OpenAPI description (MIT, see contract/resend-openapi.LICENSE),
 * kept in the repository so the server works on a fresh clone.
 */
export const DEFAULT_CONTRACT_PATH = path.join(__dirname, "contract", "resend-openapi.yaml");

const CONTRACT_ID = "resend-openapi";

export type ContractValidators = {
  /** The request body of `POST /emails`. */
  sendEmail: ValidateFunction;
  /** The request body of `POST /emails/batch` (an array of SendEmailRequest). */
  sendBatch: ValidateFunction;
  /** One item of a batch, so permissive mode can report errors per email. */
  batchItem: ValidateFunction;
};

function requestBodyRef(apiPath: string): string {
  const pointer = apiPath.replaceAll("~", "~0").replaceAll("/", "~1");
  return `${CONTRACT_ID}#/paths/${pointer}/post/requestBody/content/application~1json/schema`;
}

/** Compiles the request-body schemas of the description once, at start-up. */
export function loadContract(file: string = DEFAULT_CONTRACT_PATH): ContractValidators {
  const document = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; `strict: false` lets OpenAPI-only keywords
  // such as `example` through instead of failing the compile.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // `format: binary` is OpenAPI's marker for file content, not a JSON Schema format.
  ajv.addFormat("binary", true);
  ajv.addSchema({ ...document, $id: CONTRACT_ID });
  return {
    sendEmail: ajv.compile({ $ref: requestBodyRef("/emails") }),
    sendBatch: ajv.compile({ $ref: requestBodyRef("/emails/batch") }),
    batchItem: ajv.compile({ $ref: `${CONTRACT_ID}#/components/schemas/SendEmailRequest` }),
  };
}

/** "/to/1" -> "to[1]", so messages name the field as a caller wrote it. */
function fieldName(instancePath: string, missing?: string): string {
  const parts = instancePath.split("/").filter(Boolean);
  if (missing) parts.push(missing);
  return parts.reduce(
    (name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part),
    "",
  );
}

/**
 * Turns ajv's errors into one Resend-style message naming the field, e.g.
 * "The `subject` field is missing." or "Invalid `to` field: must be a string or an array of strings."
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  const list = errors ?? [];
  const missing = list.find((e) => e.keyword === "required");
  if (missing) {
    const property = String((missing.params as { missingProperty?: string }).missingProperty);
    return `The \`${fieldName(missing.instancePath, property)}\` field is missing.`;
  }
  // A oneOf failure ("string or array") is more useful than the branch errors under it.
  const oneOf = list.find((e) => e.keyword === "oneOf");
  if (oneOf) {
    return `Invalid \`${fieldName(oneOf.instancePath)}\` field: must be a string or an array of strings (at most 50).`;
  }
  const first = list[0];
  if (!first) return "The request body is invalid.";
  const name = fieldName(first.instancePath);
  return name
    ? `Invalid \`${name}\` field: ${first.message ?? "is invalid"}.`
    : `Invalid request body: ${first.message ?? "is invalid"}.`;
}
