import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { readPause } from "@/lib/delivery/pause";
import { ResumeButton } from "./resume-button";

/**
 * Shown on every portal page while the email provider refuses to send (a daily or monthly
 * quota, a refused key): accepted alerts wait, none is lost, and admins can resume.
 */
export function SendingPausedBanner({ isAdmin }: { isAdmin: boolean }) {
  const pause = readPause(db);
  if (!pause || pause.until <= Date.now()) return null;
  const until = new Date(pause.until);
  return (
    <div className="notice notice-warn paused-banner" role="alert">
      <strong>Email sending is paused</strong> until <When date={until} />: {pause.reason}. Accepted
      alerts are kept and will be sent when it resumes.
      {isAdmin ? <ResumeButton /> : null}
    </div>
  );
}
