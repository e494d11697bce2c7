-- The end of a provider-wide pause (clearPause, `npm run resume-sending`) deletes its row:
-- that must wake the dispatchers at once too, as SQLite's commit watch does for any write,
-- not at their 2-second safety tick.
DROP TRIGGER "dispatch_state_wake" ON "dispatch_state";
--> statement-breakpoint
CREATE TRIGGER "dispatch_state_wake" AFTER INSERT OR UPDATE OR DELETE ON "dispatch_state"
  FOR EACH STATEMENT EXECUTE FUNCTION "beacon_wake"();
