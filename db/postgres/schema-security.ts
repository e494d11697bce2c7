import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/** The PostgreSQL mirror of db/schema-security.ts: request counters shared by every process. */
export const rateLimits = pgTable("rate_limits", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  /** Milliseconds since the epoch: better-auth's last request, or the start of Beacon's window. */
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});
