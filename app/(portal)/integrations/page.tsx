import { db } from "@/db/client";
import { ensureEmailIntegration } from "@/lib/accounts/provision";
import { requirePortalSession } from "@/lib/auth/session";

export default async function IntegrationsPage() {
  const session = await requirePortalSession();
  const email = ensureEmailIntegration(db, session.account.id);
  return (
    <>
      <h1>Integrations</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Integration</th>
              <th scope="col">Default Notification Emails</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Email Integration</td>
              <td>{email.settings.defaults.join(", ") || "None yet"}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
