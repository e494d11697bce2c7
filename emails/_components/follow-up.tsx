import { Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { NotificationEvent } from "../../lib/core/events";
import { openFor, type ReminderFacts } from "../../lib/core/reminders";
import { formatWhen } from "./format";
import { Paragraphs } from "./parts";
import { colors, styles } from "./theme";

/** A follow-up's note above the alert's content, marked by a bar in its color. */
function Banner({ color, children }: { color: string; children: ReactNode }) {
  return (
    <Section
      style={{ borderLeft: `4px solid ${color}`, padding: "4px 0 4px 12px", margin: "0 0 16px" }}
    >
      {children}
    </Section>
  );
}

/**
 * The line an update carries above the open form's content: what changed and when, so a
 * reader of the thread sees the news first and the alert's details below it.
 */
export function UpdateBanner({ event }: { event: NotificationEvent }) {
  return (
    <Banner color={colors.link}>
      <Text style={{ ...styles.text, margin: "0 0 4px" }}>
        <strong>
          Update
          {event.updated_at ? ` of ${formatWhen(event.updated_at)}` : ""}
        </strong>{" "}
        on an open alert first reported {formatWhen(event.occurred_at)}.
      </Text>
      {event.update ? (
        <Paragraphs text={event.update} />
      ) : (
        <Text style={styles.text}>The platform sent new details without a comment.</Text>
      )}
    </Banner>
  );
}

/** What a reminder adds above the alert: that it is still open, for how long, and which reminder this is. */
export function ReminderBanner({ reminder }: { reminder: ReminderFacts }) {
  return (
    <Banner color={colors.high}>
      <Text style={{ ...styles.text, margin: 0 }}>
        <strong>Reminder {reminder.number}:</strong> this alert has been open for{" "}
        {openFor(reminder.openForMs)} and is not resolved yet.
      </Text>
    </Banner>
  );
}
