-- hand-written:
-- The read models SQLite keeps by triggers (db/migrations 0002, 0004, 0006, 0008), kept here
-- by the same rules so both engines answer the delivery log, the flagged addresses and the
-- Overview alike: one PL/pgSQL function per SQLite trigger body, each trigger under its
-- SQLite name with its WHEN guard. SQLite's insert and "enter" bodies are the same
-- statements, as are its "leave" and delete bodies: here they share one function.
--
-- As on SQLite since 0004, the waiting statuses (queued, sending) are not counted: every
-- delivery starts queued, so counting them would cost the intake two upserts per recipient,
-- and the waiting filter reads deliveries_waiting_idx instead.
INSERT INTO "status_groups" ("status", "grp") VALUES
  ('sent', 's:sent'), ('sent', 'sent'),
  ('delivery_delayed', 's:delivery_delayed'), ('delivery_delayed', 'sent'),
  ('delivered', 's:delivered'),
  ('bounced', 's:bounced'), ('bounced', 'undelivered'),
  ('complained', 's:complained'), ('complained', 'undelivered'),
  ('failed', 's:failed'), ('failed', 'undelivered'),
  ('dead', 's:dead'), ('dead', 'undelivered'),
  ('held', 's:held'), ('digested', 's:digested')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "deliveries_read_models_enter"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The notification's created_at is copied so the log's status filter pages through
  -- notification_groups_filter_idx alone.
  INSERT INTO "notification_groups" ("notification_id", "grp", "account_id", "created_at", "n")
    SELECT NEW."notification_id", g."grp", NEW."account_id",
      (SELECT "created_at" FROM "notifications" WHERE "id" = NEW."notification_id"), 1
    FROM "status_groups" g WHERE g."status" = NEW."status"
    ON CONFLICT ("notification_id", "grp") DO UPDATE SET "n" = "notification_groups"."n" + 1;
  INSERT INTO "recipient_status_counts" ("account_id", "address", "status", "n")
    VALUES (NEW."account_id", lower(NEW."recipient"), NEW."status", 1)
    ON CONFLICT ("account_id", "address", "status")
    DO UPDATE SET "n" = "recipient_status_counts"."n" + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "deliveries_read_models_leave"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A group no delivery is in any more is removed, not kept at zero: the filter would
  -- otherwise list the notification under it.
  UPDATE "notification_groups" SET "n" = "n" - 1
    WHERE "notification_id" = OLD."notification_id"
      AND "grp" IN (SELECT "grp" FROM "status_groups" WHERE "status" = OLD."status");
  DELETE FROM "notification_groups" WHERE "notification_id" = OLD."notification_id" AND "n" <= 0;
  UPDATE "recipient_status_counts" SET "n" = "n" - 1
    WHERE "account_id" = OLD."account_id" AND "address" = lower(OLD."recipient")
      AND "status" = OLD."status";
  DELETE FROM "recipient_status_counts"
    WHERE "account_id" = OLD."account_id" AND "address" = lower(OLD."recipient")
      AND "status" = OLD."status" AND "n" <= 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "deliveries_read_models_insert" AFTER INSERT ON "deliveries"
  FOR EACH ROW WHEN (NEW."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_read_models_enter"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_read_models_leave" AFTER UPDATE OF "status" ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" AND OLD."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_read_models_leave"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_read_models_enter" AFTER UPDATE OF "status" ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" AND NEW."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_read_models_enter"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_read_models_delete" AFTER DELETE ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_read_models_leave"();
--> statement-breakpoint
-- The Overview's hourly counts (0006), written when the dispatcher stores a notification's
-- rendered email rather than when the intake inserts it, so the webhook's path pays nothing
-- for them; every notification is rendered, suppressed ones too. Test sends are left out.
-- Hours are the hour's first epoch millisecond: bigint division truncates like SQLite's
-- integer division, so both engines put a notification in the same hour. Rows that fall to
-- zero are kept, as on SQLite: the series reads a zero hour as zero either way.
CREATE FUNCTION "notifications_hourly_render"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "hourly_counts" ("account_id", "hour", "metric", "n")
    SELECT NEW."account_id", NEW."created_at" / 3600000 * 3600000, m."metric", 1
    FROM (SELECT 'received' AS "metric" UNION ALL SELECT 't:' || NEW."type"
          UNION ALL SELECT 'suppressed' WHERE NEW."state" = 'suppressed') m
    ON CONFLICT ("account_id", "hour", "metric") DO UPDATE SET "n" = "hourly_counts"."n" + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "notifications_hourly_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "hourly_counts" SET "n" = "n" - 1
    WHERE "account_id" = OLD."account_id"
      AND "hour" = OLD."created_at" / 3600000 * 3600000
      AND "metric" IN ('received', 't:' || OLD."type",
                       CASE WHEN OLD."state" = 'suppressed' THEN 'suppressed' END);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "notifications_hourly_render" AFTER UPDATE OF "rendered_at" ON "notifications"
  FOR EACH ROW WHEN (OLD."rendered_at" IS NULL AND NEW."rendered_at" IS NOT NULL AND NEW."is_test" = 0)
  EXECUTE FUNCTION "notifications_hourly_render"();
--> statement-breakpoint
CREATE TRIGGER "notifications_hourly_delete" AFTER DELETE ON "notifications"
  FOR EACH ROW WHEN (OLD."is_test" = 0 AND OLD."rendered_at" IS NOT NULL)
  EXECUTE FUNCTION "notifications_hourly_delete"();
--> statement-breakpoint
-- A delivery counts in its notification's hour, whether or not that notification has been
-- rendered yet (as on SQLite). When the notification itself is being deleted, the deliveries
-- its cascade removes no longer find it and leave the hour's delivery counts as they were,
-- which is also what SQLite's cascade does.
CREATE FUNCTION "deliveries_hourly_enter"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "hourly_counts" ("account_id", "hour", "metric", "n")
    SELECT NEW."account_id", n."created_at" / 3600000 * 3600000, 's:' || NEW."status", 1
    FROM "notifications" n WHERE n."id" = NEW."notification_id" AND n."is_test" = 0
    ON CONFLICT ("account_id", "hour", "metric") DO UPDATE SET "n" = "hourly_counts"."n" + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "deliveries_hourly_leave"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "hourly_counts" SET "n" = "n" - 1
    WHERE "account_id" = OLD."account_id" AND "metric" = 's:' || OLD."status"
      AND "hour" = (SELECT "created_at" / 3600000 * 3600000 FROM "notifications"
                    WHERE "id" = OLD."notification_id" AND "is_test" = 0);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "deliveries_hourly_insert" AFTER INSERT ON "deliveries"
  FOR EACH ROW WHEN (NEW."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_hourly_enter"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_hourly_leave" AFTER UPDATE OF "status" ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" AND OLD."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_hourly_leave"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_hourly_enter" AFTER UPDATE OF "status" ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" AND NEW."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_hourly_enter"();
--> statement-breakpoint
CREATE TRIGGER "deliveries_hourly_delete" AFTER DELETE ON "deliveries"
  FOR EACH ROW WHEN (OLD."status" NOT IN ('queued', 'sending'))
  EXECUTE FUNCTION "deliveries_hourly_leave"();
--> statement-breakpoint
-- The delivery log's text search (SQLite's FTS5 table notification_search): one document
-- per rendered notification over the same fields (title, event id, organization, the
-- payload's host and target). Its own table rather than a column of notifications, so the
-- intake's insert writes no index and the search reads the newest matches of one account
-- without touching the wide notification rows. A deleted notification takes its document
-- with it (the foreign key) where SQLite's FTS table keeps a document that no longer joins.
CREATE TABLE "notification_search" (
  "notification_id" text PRIMARY KEY NOT NULL,
  "account_id" text NOT NULL,
  "created_at" bigint NOT NULL,
  "document" tsvector NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_search" ADD CONSTRAINT "notification_search_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "notification_search_document_idx" ON "notification_search" USING gin ("document");
--> statement-breakpoint
CREATE INDEX "notification_search_account_created_idx" ON "notification_search" USING btree ("account_id", "created_at" DESC);
--> statement-breakpoint
-- Tokens as SQLite's unicode61 makes them, runs of letters and digits: the default parser
-- alone keeps "web-01.acme.local" as one host token and "soc@acme.test" as one email token,
-- which a search for "acme" would not find. So every punctuation, space and control
-- character becomes a space first (in a C-locale database only the ASCII ones are known as
-- such, and other characters stay inside words). 'simple': no stemming and no stop words,
-- like unicode61; diacritics are kept (no unaccent), where unicode61 removes them.
CREATE FUNCTION "notification_search_document"("title" text, "event_id" text, "organization_name" text, "payload" jsonb)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, regexp_replace(
    "title" || ' ' || "event_id" || ' ' || "organization_name" || ' '
      || coalesce("payload" ->> 'host', '') || ' ' || coalesce("payload" ->> 'target', ''),
    '[[:punct:][:space:][:cntrl:]]+', ' ', 'g'));
$$;
--> statement-breakpoint
CREATE FUNCTION "notifications_search_render"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Written with the rendered email, like the hourly counts: not on the intake's path. A
  -- second render (the email stored again) replaces the document rather than failing.
  INSERT INTO "notification_search" ("notification_id", "account_id", "created_at", "document")
    VALUES (NEW."id", NEW."account_id", NEW."created_at",
      "notification_search_document"(NEW."title", NEW."event_id", NEW."organization_name", NEW."payload"))
    ON CONFLICT ("notification_id") DO UPDATE SET "document" = EXCLUDED."document";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "notifications_search_render" AFTER UPDATE OF "rendered_at" ON "notifications"
  FOR EACH ROW WHEN (OLD."rendered_at" IS NULL AND NEW."rendered_at" IS NOT NULL)
  EXECUTE FUNCTION "notifications_search_render"();
--> statement-breakpoint
-- Rows written before this migration (0000 has no triggers) are counted as SQLite's 0002 and
-- 0006 counted theirs; on a new database these find nothing.
INSERT INTO "notification_groups" ("notification_id", "grp", "account_id", "created_at", "n")
  SELECT d."notification_id", g."grp", min(d."account_id"), min(n."created_at"), count(*)
  FROM "deliveries" d
  JOIN "status_groups" g ON g."status" = d."status"
  JOIN "notifications" n ON n."id" = d."notification_id"
  GROUP BY d."notification_id", g."grp"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "recipient_status_counts" ("account_id", "address", "status", "n")
  SELECT "account_id", lower("recipient"), "status", count(*) FROM "deliveries"
  WHERE "status" NOT IN ('queued', 'sending')
  GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "hourly_counts" ("account_id", "hour", "metric", "n")
  SELECT "account_id", "created_at" / 3600000 * 3600000, m."metric", count(*)
  FROM "notifications",
    LATERAL (SELECT 'received' AS "metric" UNION ALL SELECT 't:' || "type"
             UNION ALL SELECT 'suppressed' WHERE "state" = 'suppressed') m
  WHERE "is_test" = 0 AND "rendered_at" IS NOT NULL
  GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "hourly_counts" ("account_id", "hour", "metric", "n")
  SELECT d."account_id", n."created_at" / 3600000 * 3600000, 's:' || d."status", count(*)
  FROM "deliveries" d JOIN "notifications" n ON n."id" = d."notification_id"
  WHERE n."is_test" = 0 AND d."status" NOT IN ('queued', 'sending')
  GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "notification_search" ("notification_id", "account_id", "created_at", "document")
  SELECT "id", "account_id", "created_at",
    "notification_search_document"("title", "event_id", "organization_name", "payload")
  FROM "notifications" WHERE "rendered_at" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Wake-ups: a dispatcher that has nothing to do LISTENs on beacon_work (db/commit-watch.ts),
-- and every write that can give it work NOTIFYs there, so new work wakes every listening
-- dispatcher, on any machine, at once instead of at its next poll. Statement level, so the
-- intake's insert of 100 deliveries sends one notification, not 100; and PostgreSQL folds
-- identical notifications of one transaction into one, delivered at commit (never for a
-- transaction that rolls back), so a transaction touching several of these tables still
-- wakes each listener once. An empty payload: the listener looks for work itself.
CREATE FUNCTION "beacon_wake"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('beacon_work', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A new notification is to be rendered.
CREATE TRIGGER "notifications_wake" AFTER INSERT ON "notifications"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
--> statement-breakpoint
-- A new follow-up reminder has a due time to be watched.
CREATE TRIGGER "reminders_wake" AFTER INSERT ON "reminders"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
--> statement-breakpoint
-- A delivery became due or changed status (queued by the intake, requeued by a Retry,
-- rescheduled after a failure, held for a digest); its other columns (attempts, provider
-- ids, the batch) give a dispatcher nothing new to do.
CREATE TRIGGER "deliveries_wake" AFTER INSERT OR UPDATE OF "status", "next_attempt_at" ON "deliveries"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
--> statement-breakpoint
-- A provider-wide pause was set or changed.
CREATE TRIGGER "dispatch_state_wake" AFTER INSERT OR UPDATE ON "dispatch_state"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
--> statement-breakpoint
-- A batch's lease moved: "resume sending" sets it to now so waiting batches go at once.
CREATE TRIGGER "dispatch_batches_wake" AFTER UPDATE OF "lease_until" ON "dispatch_batches"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
