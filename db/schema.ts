import { databaseEngine } from "./engine";
import * as postgres from "./postgres/schema";
import * as sqlite from "./sqlite/schema";

/*
 * The tables the domain code queries, for the engine this process runs on (db/engine.ts).
 * They are typed as SQLite's: the domain code is written once against that builder, and
 * db/postgres/schema.ts declares the same columns, names and TypeScript types (its parity
 * test fails when the two drift), so the PostgreSQL tables answer the same queries.
 */
const tables = (databaseEngine() === "postgres" ? postgres : sqlite) as unknown as typeof sqlite;

export const {
  users,
  sessions,
  credentials,
  verifications,
  accounts,
  memberships,
  organizations,
  integrations,
  integrationChanges,
  webhookSecrets,
  notifications,
  reminders,
  deliveries,
  deliveryEvents,
  notificationGroups,
  recipientStatusCounts,
  statusGroups,
  dispatchBatches,
  dispatchState,
  mailboxMessages,
  hourlyCounts,
  inboundRefusals,
  rateLimits,
} = tables;

export {
  type Account,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryEvent,
  type DeliveryStatus,
  INTEGRATION_KINDS,
  type Integration,
  type IntegrationKind,
  type MailboxMessage,
  NOTIFICATION_STATES,
  type Notification,
  type Organization,
  REMINDER_ENDS,
  ROLES,
  type Role,
  type SettingChange,
} from "./sqlite/schema";
