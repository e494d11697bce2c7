import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { CopyButton } from "@/app/_components/copy-button";
import { Card, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Table, Td, Th, Tr } from "@/app/_components/ui/table";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import { requestOrigin } from "@/lib/security/origin";
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from "@/lib/webhooks/inbound";
import { ANSWERS, eventExamples, eventJsonSchema } from "@/lib/webhooks/openapi";
import { curlSnippet, nodeSnippet, SECRET_VARIABLE } from "@/lib/webhooks/snippets";
import { CodeBlock } from "./code-block";
import { FieldReference } from "./field-reference";
import { SendTestEventForm } from "./send-test-event-form";

export const metadata: Metadata = { title: "Developers" };

/**
 * Integrator help: the endpoint, signed examples, Send test event and the API reference,
 * every field read from the JSON Schema of the zod schemas the endpoint validates with.
 */
export default async function DevelopersPage() {
  const session = await requirePortalSession();
  const origin = requestOrigin(await headers()) ?? "";
  const endpoint = `${origin}/api/v1/accounts/${session.account.slug}/notifications`;
  const example = eventExamples("incident").open;
  return (
    <>
      <h1>Developers</h1>
      <p className="muted">
        How the detection platform (or your own tooling) posts alerts to Beacon. The
        machine-readable description is <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI
        3.1). Every request, accepted or refused, is in the{" "}
        <Link href="/developers/requests">inbound request log</Link>.
      </p>

      <Card aria-labelledby="endpoint-heading">
        <CardTitle id="endpoint-heading">Endpoint</CardTitle>
        <dl className="m-0 mt-2 grid gap-2">
          <dt className="text-sm text-muted-fg">One event</dt>
          <dd className="m-0 flex min-w-0 flex-wrap items-center gap-2">
            <code className="break-all">POST {endpoint}</code>
            <CopyButton text={endpoint} label="Copy the endpoint URL" />
          </dd>
          <dt className="text-sm text-muted-fg">Up to {MAX_BATCH_EVENTS} events</dt>
          <dd className="m-0 flex min-w-0 flex-wrap items-center gap-2">
            <code className="break-all">POST {endpoint}/batch</code>
            <CopyButton text={`${endpoint}/batch`} label="Copy the batch endpoint URL" />
          </dd>
        </dl>
        <p className="mb-0 mt-3">
          Sign each request with{" "}
          <a href="https://www.standardwebhooks.com/" rel="noreferrer">
            Standard Webhooks
          </a>
          : headers <code>webhook-id</code> (unique per message, the idempotency key),{" "}
          <code>webhook-timestamp</code> (Unix seconds, within 5 minutes) and{" "}
          <code>webhook-signature</code> (<code>v1,</code> and the base64 HMAC-SHA256 of{" "}
          <code>{"{id}.{timestamp}.{body}"}</code>, keyed with the base64-decoded part of the secret
          after <code>whsec_</code>). Bodies are JSON, at most {MAX_BODY_BYTES / 1024} KB. The
          secret is on the <Link href="/integrations/email#webhook-heading">Email Integration</Link>{" "}
          page (admins); the snippets read it from <code>{SECRET_VARIABLE}</code>.
        </p>
        <CodeBlock title="curl (bash and openssl)" code={curlSnippet(endpoint, example)} />
        <CodeBlock title="Node.js" code={nodeSnippet(endpoint, example)} />
      </Card>

      <Card aria-labelledby="send-test-event-heading">
        <CardHeader>
          <CardTitle id="send-test-event-heading">Send test event</CardTitle>
        </CardHeader>
        {isAdmin(session) ? (
          <SendTestEventForm />
        ) : (
          <p className="m-0">
            Account Admins can send a signed test event from here. You can read the{" "}
            <Link href="/developers/requests">inbound request log</Link>.
          </p>
        )}
      </Card>

      <Card aria-labelledby="answers-heading">
        <CardTitle id="answers-heading">Answers</CardTitle>
        <Table labelledBy="answers-heading" columns={["Status", "Code", "When"]} className="mt-2">
          {ANSWERS.map((answer) => (
            <Tr key={`${answer.status}-${answer.code ?? ""}`}>
              <Th label="Status">{answer.status}</Th>
              <Td label="Code">{answer.code ? <code>{answer.code}</code> : "—"}</Td>
              <Td label="When">{answer.when}</Td>
            </Tr>
          ))}
        </Table>
        <p className="mb-0 mt-2 text-sm text-muted-fg">
          Errors are <code>{'{"error":{"code","message","fields"?}}'}</code>; a batch answers 200
          with each event&apos;s own status in <code>results</code>.
        </p>
      </Card>

      <Card aria-labelledby="reference-heading">
        <CardTitle id="reference-heading">Event reference</CardTitle>
        <p className="mt-2">
          Generated from the schemas that validate each request. Fields not listed are kept as
          received and shown on the notification&apos;s page.
        </p>
        {NOTIFICATION_TYPES.map((type) => {
          const examples = eventExamples(type);
          return (
            <section key={type} aria-labelledby={`ref-${type}`} className="mt-6">
              <h3 id={`ref-${type}`} className="m-0 text-base font-semibold">
                {NOTIFICATION_TYPE_LABELS[type]} (<code>&quot;type&quot;: &quot;{type}&quot;</code>)
              </h3>
              <FieldReference
                title={`Fields of ${NOTIFICATION_TYPE_LABELS[type]}`}
                schema={eventJsonSchema(type)}
              />
              <details className="mt-2">
                <summary>Examples</summary>
                <CodeBlock
                  title={`${NOTIFICATION_TYPE_LABELS[type]} example, open`}
                  code={JSON.stringify(examples.open, null, 2)}
                />
                <CodeBlock
                  title={`${NOTIFICATION_TYPE_LABELS[type]} example, resolved`}
                  code={JSON.stringify(examples.resolved, null, 2)}
                />
              </details>
            </section>
          );
        })}
      </Card>
    </>
  );
}
