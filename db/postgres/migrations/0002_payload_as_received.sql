ALTER TABLE "notifications" ALTER COLUMN "payload" SET DATA TYPE json;--> statement-breakpoint
-- The search document reads the payload's host and target as before, now from json.
CREATE FUNCTION "notification_search_document"("title" text, "event_id" text, "organization_name" text, "payload" json)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, regexp_replace(
    "title" || ' ' || "event_id" || ' ' || "organization_name" || ' '
      || coalesce("payload" ->> 'host', '') || ' ' || coalesce("payload" ->> 'target', ''),
    '[[:punct:][:space:][:cntrl:]]+', ' ', 'g'));
$$;
--> statement-breakpoint
DROP FUNCTION "notification_search_document"(text, text, text, jsonb);
