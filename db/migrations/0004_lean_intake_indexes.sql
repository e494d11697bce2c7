DROP INDEX `notifications_account_state_created_idx`;--> statement-breakpoint
CREATE INDEX `notifications_account_suppressed_idx` ON `notifications` (`account_id`,`created_at`) WHERE state = 'suppressed';--> statement-breakpoint
DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_provider_message_idx`;--> statement-breakpoint
DROP INDEX `deliveries_batch_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_waiting_idx` ON `deliveries` (`account_id`,`created_at`,`notification_id`) WHERE status in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`,`created_at`) WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX `deliveries_provider_message_idx` ON `deliveries` (`provider_message_id`) WHERE provider_message_id is not null;--> statement-breakpoint
CREATE INDEX `deliveries_batch_idx` ON `deliveries` (`batch_id`) WHERE batch_id is not null;--> statement-breakpoint
-- hand-written:
-- The read models leave out the waiting statuses (queued, sending): every delivery starts
-- queued, so counting them cost the intake two upserts per recipient (most of its storage
-- time), while the waiting filter reads deliveries_waiting_idx and a page's counts come from
-- its own deliveries. The triggers now fire only for statuses that are counted.
DELETE FROM `notification_groups` WHERE `grp` IN ('s:queued', 's:sending', 'waiting');
--> statement-breakpoint
DELETE FROM `recipient_status_counts` WHERE `status` IN ('queued', 'sending');
--> statement-breakpoint
DELETE FROM `status_groups` WHERE `status` IN ('queued', 'sending');
--> statement-breakpoint
DROP TRIGGER `deliveries_read_models_insert`;
--> statement-breakpoint
DROP TRIGGER `deliveries_read_models_update`;
--> statement-breakpoint
DROP TRIGGER `deliveries_read_models_delete`;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_insert` AFTER INSERT ON `deliveries`
WHEN NEW.`status` NOT IN ('queued', 'sending') BEGIN
  INSERT INTO `notification_groups` (`notification_id`, `grp`, `account_id`, `created_at`, `n`)
    SELECT NEW.`notification_id`, g.`grp`, NEW.`account_id`,
      (SELECT `created_at` FROM `notifications` WHERE `id` = NEW.`notification_id`), 1
    FROM `status_groups` g WHERE g.`status` = NEW.`status`
    ON CONFLICT (`notification_id`, `grp`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `recipient_status_counts` (`account_id`, `address`, `status`, `n`)
    VALUES (NEW.`account_id`, lower(NEW.`recipient`), NEW.`status`, 1)
    ON CONFLICT (`account_id`, `address`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_leave` AFTER UPDATE OF `status` ON `deliveries`
WHEN OLD.`status` IS NOT NEW.`status` AND OLD.`status` NOT IN ('queued', 'sending') BEGIN
  UPDATE `notification_groups` SET `n` = `n` - 1
    WHERE `notification_id` = OLD.`notification_id`
      AND `grp` IN (SELECT `grp` FROM `status_groups` WHERE `status` = OLD.`status`);
  DELETE FROM `notification_groups` WHERE `notification_id` = OLD.`notification_id` AND `n` <= 0;
  UPDATE `recipient_status_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status`;
  DELETE FROM `recipient_status_counts`
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status` AND `n` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_enter` AFTER UPDATE OF `status` ON `deliveries`
WHEN OLD.`status` IS NOT NEW.`status` AND NEW.`status` NOT IN ('queued', 'sending') BEGIN
  INSERT INTO `notification_groups` (`notification_id`, `grp`, `account_id`, `created_at`, `n`)
    SELECT NEW.`notification_id`, g.`grp`, NEW.`account_id`,
      (SELECT `created_at` FROM `notifications` WHERE `id` = NEW.`notification_id`), 1
    FROM `status_groups` g WHERE g.`status` = NEW.`status`
    ON CONFLICT (`notification_id`, `grp`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `recipient_status_counts` (`account_id`, `address`, `status`, `n`)
    VALUES (NEW.`account_id`, lower(NEW.`recipient`), NEW.`status`, 1)
    ON CONFLICT (`account_id`, `address`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_delete` AFTER DELETE ON `deliveries`
WHEN OLD.`status` NOT IN ('queued', 'sending') BEGIN
  UPDATE `notification_groups` SET `n` = `n` - 1
    WHERE `notification_id` = OLD.`notification_id`
      AND `grp` IN (SELECT `grp` FROM `status_groups` WHERE `status` = OLD.`status`);
  DELETE FROM `notification_groups` WHERE `notification_id` = OLD.`notification_id` AND `n` <= 0;
  UPDATE `recipient_status_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status`;
  DELETE FROM `recipient_status_counts`
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status` AND `n` <= 0;
END;
--> statement-breakpoint
-- Every delivery's first history entry (queued, by the dispatcher, with the route's reason)
-- is now implied by the delivery and its notification instead of stored by the intake.
DELETE FROM `delivery_events` WHERE `status` = 'queued' AND `source` = 'dispatcher';
