import { headers } from "next/headers";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { Facts } from "@/app/_components/ui/facts";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { validSecrets } from "@/db/webhook-secrets";
import { WebhookSecretControls } from "./webhook-secret-controls";

/** The origin the portal was reached on, so the endpoint shown works from where the admin is. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export async function WebhookPanel({
  accountId,
  slug,
  isAdmin,
}: {
  accountId: string;
  slug: string;
  isAdmin: boolean;
}) {
  const endpoint = `${await requestOrigin()}/api/v1/accounts/${slug}/notifications`;
  const secrets = await validSecrets(db, accountId);
  const current = secrets.find((secret) => secret.expiresAt === null);
  const retiring = secrets.filter((secret) => secret.expiresAt !== null);
  return (
    <section className={CARD_CLASSES} aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">Inbound webhook</h2>
      <p className="text-muted-fg">
        The detection platform posts events here, signed with Standard Webhooks (
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>).
        The README documents every field.
      </p>
      <Facts>
        <dt>Endpoint</dt>
        <dd>
          <code>POST {endpoint}</code>
        </dd>
        <dt>Batch endpoint</dt>
        <dd>
          <code>POST {endpoint}/batch</code>
        </dd>
        {retiring.map((secret) => (
          <div key={secret.id} style={{ display: "contents" }}>
            <dt>Previous secret</dt>
            <dd>
              …{secret.secret.slice(-4)} still accepted until <When date={secret.expiresAt!} />
            </dd>
          </div>
        ))}
      </Facts>
      {isAdmin ? (
        <WebhookSecretControls
          hint={current ? `whsec_••••••••${current.secret.slice(-4)}` : "none"}
          retiring={retiring.length}
        />
      ) : (
        <p className="text-muted-fg">Only Account Admins can see and rotate the signing secret.</p>
      )}
    </section>
  );
}
