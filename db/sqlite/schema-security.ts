import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Request counters, shared by every process through the database: better-auth's own rate
 * limit (its "rateLimit" model: one row per client address and path) and Beacon's limits
 * (failed sign-ins per email, the portal's sending actions per account), told apart by key.
 */
export const rateLimits = sqliteTable("rate_limits", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  /** Milliseconds since the epoch: better-auth's last request, or the start of Beacon's window. */
  lastRequest: integer("last_request").notNull(),
});
