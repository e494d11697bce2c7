import { type ContractValidators, describeSchemaErrors } from "./contract";

export const MAX_BATCH_SIZE = 100;

/** A request body item that passed validation: the fields the server keeps. */
export type ValidEmail = {
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
};

export type ItemResult = { ok: true; email: ValidEmail } | { ok: false; message: string };

// Resend accepts "addr@domain" or "Display Name <addr@domain>".
const BARE_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const NAMED_ADDRESS = /^[^<>\r\n]*<([^<>\s]+)>$/;

function isAddress(value: string): boolean {
  const trimmed = value.trim();
  const named = NAMED_ADDRESS.exec(trimmed);
  const bare = named ? (named[1] ?? "") : trimmed;
  const local = bare.split("@")[0] ?? "";
  return BARE_ADDRESS.test(bare) && bare.length <= 254 && local.length <= 64;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

function addressError(field: string, values: string[], prefix: string): string | null {
  const bad = values.find((v) => !isAddress(v));
  if (bad === undefined) return null;
  return `Invalid \`${prefix}${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
}

/**
 * The checks Resend makes that a JSON schema cannot express: address syntax, a body
 * (html or text), header values as strings, and what the batch endpoint refuses.
 */
function semanticError(
  body: Record<string, unknown>,
  prefix: string,
  inBatch: boolean,
): string | null {
  for (const field of ["from", "to", "cc", "bcc", "reply_to"] as const) {
    const error = addressError(field, asList(body[field]), prefix);
    if (error) return error;
  }
  if (body.html === undefined && body.text === undefined && body.template === undefined) {
    return `The \`${prefix}html\` or \`${prefix}text\` field is missing.`;
  }
  const headers = (body.headers ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string")
      return `Invalid \`${prefix}headers.${name}\` field: must be a string.`;
    if (/[\r\n]/.test(value) || /[\r\n:]/.test(name)) {
      return `Invalid \`${prefix}headers.${name}\` field: header names and values cannot contain line breaks.`;
    }
  }
  if (inBatch && body.attachments !== undefined) {
    return `Invalid \`${prefix}attachments\` field: attachments are not supported in batch sends.`;
  }
  if (inBatch && body.scheduled_at !== undefined) {
    return `Invalid \`${prefix}scheduled_at\` field: scheduling is not supported in batch sends.`;
  }
  return null;
}

function toValidEmail(body: Record<string, unknown>): ValidEmail {
  return {
    from: body.from as string,
    to: asList(body.to),
    subject: body.subject as string,
    html: body.html as string | undefined,
    text: body.text as string | undefined,
    headers: (body.headers ?? {}) as Record<string, string>,
  };
}

/** Validates the body of `POST /emails` against the contract, then Resend's own rules. */
export function validateSingle(contract: ContractValidators, body: unknown): ItemResult {
  if (!contract.sendEmail(body)) {
    return { ok: false, message: describeSchemaErrors(contract.sendEmail.errors) };
  }
  const record = body as Record<string, unknown>;
  const error = semanticError(record, "", false);
  return error ? { ok: false, message: error } : { ok: true, email: toValidEmail(record) };
}

export type BatchValidation =
  | { ok: false; message: string } // the whole request is malformed
  | { ok: true; items: ItemResult[] };

/** Validates the body of `POST /emails/batch`; each item is judged on its own. */
export function validateBatch(contract: ContractValidators, body: unknown): BatchValidation {
  // The path's own schema decides the shape of the whole body (an array of SendEmailRequest);
  // items are then judged one by one so permissive mode can name the index of each bad email.
  const wholeBodyValid = contract.sendBatch(body);
  if (!Array.isArray(body)) {
    const topLevel = (contract.sendBatch.errors ?? []).filter((e) => e.instancePath === "");
    return { ok: false, message: describeSchemaErrors(topLevel) };
  }
  if (body.length === 0) return { ok: false, message: "Invalid request body: the batch is empty." };
  if (body.length > MAX_BATCH_SIZE) {
    return {
      ok: false,
      message: `Invalid request body: a batch holds at most ${MAX_BATCH_SIZE} emails, got ${body.length}.`,
    };
  }
  const items = body.map((item, index): ItemResult => {
    const prefix = `[${index}].`;
    if (!wholeBodyValid && !contract.batchItem(item)) {
      const message = describeSchemaErrors(contract.batchItem.errors).replace(
        /`([^`]+)`/,
        (_m, field: string) => `\`${prefix}${field}\``,
      );
      return { ok: false, message };
    }
    const record = item as Record<string, unknown>;
    const error = semanticError(record, prefix, true);
    return error ? { ok: false, message: error } : { ok: true, email: toValidEmail(record) };
  });
  return { ok: true, items };
}
