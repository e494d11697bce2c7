import Link from "next/link";
import { requirePortalSession } from "@/lib/auth/session";

export default async function OverviewPage() {
  const session = await requirePortalSession();
  return (
    <>
      <h1>{session.account.name}</h1>
      <p className="muted">
        Beacon emails your security alerts to the people who act on them. The Email Integration is
        always on: it is the fallback that delivers when a ticketing integration fails.
      </p>
      <ul className="cards">
        <li className="card">
          <h2>
            <Link href="/integrations">Integrations</Link>
          </h2>
          <p>Who receives Incidents, Escalations, Platform Actions and Account Notices.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/notifications">Notifications</Link>
          </h2>
          <p>Every alert received and the delivery status of each recipient.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/previews">Email previews</Link>
          </h2>
          <p>See each email as it is sent, check who would receive it, send a test.</p>
        </li>
      </ul>
    </>
  );
}
