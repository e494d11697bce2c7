import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import AccountNoticeEmail, { type AccountNoticeEmailProps } from "./account-notice";

/** Preview entry only: the resolved form is the same template with a resolved event. */
export default function AccountNoticeResolvedEmail(props: AccountNoticeEmailProps) {
  return <AccountNoticeEmail {...props} />;
}

AccountNoticeResolvedEmail.PreviewProps = {
  event: SAMPLE_EVENTS.account_notice.resolved,
} satisfies AccountNoticeEmailProps;
