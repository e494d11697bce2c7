import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { readPause } from "@/lib/delivery/pause";

/**
 * Shown on every portal page while the email provider refuses to send (a daily or monthly
 * quota, a refused key). The pause is deployment-wide, so no account can lift it (the
 * operator can, with `npm run resume-sending`) and no account sees the provider's own error,
 * which is about the deployment's provider account, not theirs.
 */
export function SendingPausedBanner() {
  const pause = readPause(db);
  if (!pause || pause.until <= Date.now()) return null;
  const until = new Date(pause.until);
  return (
    <div className="notice notice-warn paused-banner" role="alert">
      <strong>Email sending is paused</strong> until <When date={until} />: the email provider is
      not accepting mail from Beacon for now. Accepted alerts are kept and will be sent when it
      resumes, by itself at that time or earlier if the operator resumes it.
    </div>
  );
}
