import { db } from "@/db/client";
import { describePause } from "@/lib/core/provider-pause";
import { readPause } from "@/lib/delivery/pause";
import { LocalTime } from "./local-time";
import { noticeClasses } from "./ui/notice";

/**
 * Shown on every portal page while the email provider refuses to send (a daily or monthly
 * quota, a refused key). The pause is deployment-wide, so no account can lift it (the
 * operator can, with `npm run resume-sending`); the banner says why in words and keeps the
 * provider's code apart, for whoever tells the operator, never the provider's own message.
 */
export async function SendingPausedBanner() {
  const pause = await readPause(db);
  if (!pause || pause.until <= Date.now()) return null;
  const { because, code } = describePause(pause.reason);
  return (
    <div className={noticeClasses("warn", "mb-4")} role="alert">
      <p>
        <strong>Email sending is paused</strong> until <LocalTime date={new Date(pause.until)} />{" "}
        because {because}. Accepted alerts are kept and are sent when it resumes, at that time or
        earlier if the operator resumes it.
      </p>
      {code ? (
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer text-muted-fg">Details for the operator</summary>
          <p>
            The provider answered <code>{code}</code>. The operator can see its full message and
            resume sending with <code>npm run resume-sending</code>.
          </p>
        </details>
      ) : null}
    </div>
  );
}
