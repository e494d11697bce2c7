import {
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPES,
  type NotificationEvent,
  type NotificationType,
  SEVERITIES,
  type Severity,
} from "./events";

/*
 * The one subject format of every Beacon email, written so that people can scan it and
 * mail rules can parse it:
 *
 *   [Test] [Resolved] Beacon <Product> <Severity> <Type> | <Title> (<Organization>)
 *
 * - `[Test] ` only on test sends, always first; `[Resolved] ` only on resolved follow-ups,
 *   `[Update] ` only on updates (a comment or new findings on an open event), `[Reminder] `
 *   only on Beacon's reminders of an alert still open; at most one of the three.
 * - `<Product> <Severity> ` appears when the event has a severity (always for Incident and
 *   Escalation); the product is left out when the event has none. Without a severity the
 *   product is left out too: `Beacon Platform Action | Host isolated (Acme Dental)`.
 * - `<Type>` is Incident, Escalation, Platform Action or Account Notice.
 * - The organization is the parenthesised group at the very end.
 *
 * Normalisation, so that every subject parses back to exactly its fields:
 * - every run of whitespace or control characters (CR, LF, tab, U+2028, …) becomes one
 *   space and the ends are trimmed, so a subject is always one line;
 * - `|` in a product becomes `/` (the first ` | ` always ends the head);
 * - an organization name keeps its parentheses when they are balanced and not nested,
 *   e.g. `Acme (UK) Ltd`; otherwise all of its `(` and `)` become `[` and `]`.
 * A title is shown as it is (after whitespace folding): it may contain ` | ` and
 * parentheses, because the head is matched from the start and the organization from the end.
 */

export const SEVERITY_WORDS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  low: "Low",
};

const TEST_PREFIX = "[Test] ";
const RESOLVED_PREFIX = "[Resolved] ";
const UPDATE_PREFIX = "[Update] ";
const REMINDER_PREFIX = "[Reminder] ";

/**
 * Parses a Beacon subject. Named groups: test, resolved, update, reminder, product, severity, type, title,
 * organization. The organization group accepts balanced, non-nested parentheses, which is
 * what `formatSubject` guarantees.
 */
export const SUBJECT_PATTERN =
  /^(?<test>\[Test\] )?(?:(?<resolved>\[Resolved\] )|(?<update>\[Update\] )|(?<reminder>\[Reminder\] ))?Beacon (?:(?:(?<product>[^|]+?) )?(?<severity>Critical|High|Low) )?(?<type>Incident|Escalation|Platform Action|Account Notice) \| (?<title>.+) \((?<organization>(?:[^()]|\([^()]*\))*)\)$/u;

/**
 * The same format for mail filters that speak POSIX extended regular expressions (Sieve's
 * `:regex`, procmail, `grep -E`): no named groups or lazy quantifiers; group 3 is the
 * organization.
 */
export const SUBJECT_PATTERN_POSIX = String.raw`^(\[Test\] )?(\[Resolved\] |\[Update\] |\[Reminder\] )?Beacon .+ \| .+ \((([^()]|\([^()]*\))*)\)$`;

export type SubjectFields = {
  test: boolean;
  resolved: boolean;
  update: boolean;
  reminder: boolean;
  type: NotificationType;
  severity?: Severity;
  product?: string;
  title: string;
  organization: string;
};

// \p{Cc} covers NEL (U+0085) and the other C0/C1 controls that \s does not.
const LINE_BREAKING = /[\s\p{Cc}]+/gu;

/** One line, no control characters, well-formed UTF-16: safe in a subject or a header value. */
export function toHeaderText(value: string): string {
  return value.toWellFormed().replace(LINE_BREAKING, " ").trim();
}

const BALANCED_FLAT_PARENS = /^(?:[^()]|\([^()]*\))*$/u;

/** The organization name as it appears in a subject (see the normalisation notes above). */
export function subjectOrganization(name: string): string {
  const oneLine = toHeaderText(name);
  return BALANCED_FLAT_PARENS.test(oneLine)
    ? oneLine
    : oneLine.replaceAll("(", "[").replaceAll(")", "]");
}

function subjectProduct(product: string): string {
  return toHeaderText(product.replaceAll("|", "/"));
}

/** The fields a subject carries for this event, normalised exactly as `formatSubject` writes them. */
export type SubjectOptions = { test?: boolean; reminder?: boolean };

export function subjectFields(
  event: NotificationEvent,
  options: SubjectOptions = {},
): SubjectFields {
  const severity = event.severity;
  const product =
    severity && typeof event.product === "string" ? subjectProduct(event.product) : undefined;
  return {
    test: options.test === true,
    resolved: event.status === "resolved",
    update: event.status === "updated",
    reminder: options.reminder === true && event.status === "open",
    type: event.type,
    ...(severity ? { severity } : {}),
    ...(product ? { product } : {}),
    // A title of only control characters folds to nothing; the format needs some text there.
    title: toHeaderText(event.title) || "Untitled",
    organization: subjectOrganization(event.organization.name),
  };
}

export function subjectFromFields(fields: SubjectFields): string {
  const head = ["Beacon"];
  if (fields.severity) {
    if (fields.product) head.push(fields.product);
    head.push(SEVERITY_WORDS[fields.severity]);
  }
  head.push(NOTIFICATION_TYPE_LABELS[fields.type]);
  return (
    (fields.test ? TEST_PREFIX : "") +
    (fields.resolved
      ? RESOLVED_PREFIX
      : fields.update
        ? UPDATE_PREFIX
        : fields.reminder
          ? REMINDER_PREFIX
          : "") +
    `${head.join(" ")} | ${fields.title} (${fields.organization})`
  );
}

/** e.g. `Beacon EDR Critical Incident | Ransomware on DESKTOP-01 (Acme Dental)`. */
export function formatSubject(event: NotificationEvent, options: SubjectOptions = {}): string {
  return subjectFromFields(subjectFields(event, options));
}

const TYPE_BY_LABEL = new Map<string, NotificationType>(
  NOTIFICATION_TYPES.map((type) => [NOTIFICATION_TYPE_LABELS[type], type]),
);
const SEVERITY_BY_WORD = new Map<string, Severity>(
  SEVERITIES.map((severity) => [SEVERITY_WORDS[severity], severity]),
);

/** The fields of a Beacon subject, or null when the subject is not in Beacon's format. */
export function parseSubject(subject: string): SubjectFields | null {
  const groups = SUBJECT_PATTERN.exec(subject)?.groups;
  if (!groups) return null;
  const type = TYPE_BY_LABEL.get(groups.type ?? "");
  if (!type || groups.title === undefined || groups.organization === undefined) return null;
  const severity = groups.severity ? SEVERITY_BY_WORD.get(groups.severity) : undefined;
  return {
    test: groups.test !== undefined,
    resolved: groups.resolved !== undefined,
    update: groups.update !== undefined,
    reminder: groups.reminder !== undefined,
    type,
    ...(severity ? { severity } : {}),
    ...(groups.product ? { product: groups.product } : {}),
    title: groups.title,
    organization: groups.organization,
  };
}
