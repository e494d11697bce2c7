import { noticeClasses } from "@/app/_components/ui/notice";
import type { PsaHealth } from "./data";

/** The banner while the PSA keeps failing, with its last error (Integrations and PSA pages). */
export function PsaFailingBanner({ health }: { health: PsaHealth }) {
  if (!health.failing) return null;
  return (
    <div className={noticeClasses("warn")} role="alert">
      <p>
        <strong>PSA delivery is failing: reconfigure it.</strong> Notifications it covers are sent
        by email instead. Last error: {health.error}
      </p>
    </div>
  );
}
