CREATE TABLE `hourly_counts` (
	`account_id` text NOT NULL,
	`hour` integer NOT NULL,
	`metric` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`account_id`, `hour`, `metric`)
);
--> statement-breakpoint
CREATE TABLE `inbound_refusals` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`webhook_id` text,
	`endpoint` text NOT NULL,
	`status` integer NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`fields` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `inbound_refusals_account_created_idx` ON `inbound_refusals` (`account_id`,`created_at`,`id`);--> statement-breakpoint
-- hand-written:
-- The Overview's hourly counts and the log's text search are written when the dispatcher
-- stores a notification's rendered email (every notification is rendered, suppressed ones
-- too), not when the intake inserts it: the webhook's path pays nothing for them. Like the
-- read models of 0004, the delivery counts leave out the waiting statuses (queued, sending),
-- which every delivery passes through; the Overview reads those from deliveries_waiting_idx.
-- Test sends are left out of the counts.
INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
  SELECT `account_id`, CAST(`created_at` / 3600000 AS INTEGER) * 3600000, 'received', count(*)
  FROM `notifications` WHERE `is_test` = 0 AND `rendered_at` IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
  SELECT `account_id`, CAST(`created_at` / 3600000 AS INTEGER) * 3600000, 't:' || `type`, count(*)
  FROM `notifications` WHERE `is_test` = 0 AND `rendered_at` IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
  SELECT `account_id`, CAST(`created_at` / 3600000 AS INTEGER) * 3600000, 'suppressed', count(*)
  FROM `notifications`
  WHERE `is_test` = 0 AND `rendered_at` IS NOT NULL AND `state` = 'suppressed' GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
  SELECT d.`account_id`, CAST(n.`created_at` / 3600000 AS INTEGER) * 3600000, 's:' || d.`status`, count(*)
  FROM `deliveries` d JOIN `notifications` n ON n.`id` = d.`notification_id`
  WHERE n.`is_test` = 0 AND d.`status` NOT IN ('queued', 'sending') GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `notifications_hourly_render` AFTER UPDATE OF `rendered_at` ON `notifications`
WHEN OLD.`rendered_at` IS NULL AND NEW.`rendered_at` IS NOT NULL AND NEW.`is_test` = 0 BEGIN
  INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
    SELECT NEW.`account_id`, CAST(NEW.`created_at` / 3600000 AS INTEGER) * 3600000, m.`metric`, 1
    FROM (SELECT 'received' AS `metric` UNION ALL SELECT 't:' || NEW.`type`
          UNION ALL SELECT 'suppressed' WHERE NEW.`state` = 'suppressed') m
    WHERE true
    ON CONFLICT (`account_id`, `hour`, `metric`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `notifications_hourly_delete` AFTER DELETE ON `notifications`
WHEN OLD.`is_test` = 0 AND OLD.`rendered_at` IS NOT NULL BEGIN
  UPDATE `hourly_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id`
      AND `hour` = CAST(OLD.`created_at` / 3600000 AS INTEGER) * 3600000
      AND `metric` IN ('received', 't:' || OLD.`type`, CASE WHEN OLD.`state` = 'suppressed' THEN 'suppressed' END);
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_hourly_insert` AFTER INSERT ON `deliveries`
WHEN NEW.`status` NOT IN ('queued', 'sending') BEGIN
  INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
    SELECT NEW.`account_id`, CAST(n.`created_at` / 3600000 AS INTEGER) * 3600000, 's:' || NEW.`status`, 1
    FROM `notifications` n WHERE n.`id` = NEW.`notification_id` AND n.`is_test` = 0
    ON CONFLICT (`account_id`, `hour`, `metric`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_hourly_leave` AFTER UPDATE OF `status` ON `deliveries`
WHEN OLD.`status` IS NOT NEW.`status` AND OLD.`status` NOT IN ('queued', 'sending') BEGIN
  UPDATE `hourly_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id` AND `metric` = 's:' || OLD.`status`
      AND `hour` = (SELECT CAST(`created_at` / 3600000 AS INTEGER) * 3600000 FROM `notifications`
                    WHERE `id` = OLD.`notification_id` AND `is_test` = 0);
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_hourly_enter` AFTER UPDATE OF `status` ON `deliveries`
WHEN OLD.`status` IS NOT NEW.`status` AND NEW.`status` NOT IN ('queued', 'sending') BEGIN
  INSERT INTO `hourly_counts` (`account_id`, `hour`, `metric`, `n`)
    SELECT NEW.`account_id`, CAST(n.`created_at` / 3600000 AS INTEGER) * 3600000, 's:' || NEW.`status`, 1
    FROM `notifications` n WHERE n.`id` = NEW.`notification_id` AND n.`is_test` = 0
    ON CONFLICT (`account_id`, `hour`, `metric`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_hourly_delete` AFTER DELETE ON `deliveries`
WHEN OLD.`status` NOT IN ('queued', 'sending') BEGIN
  UPDATE `hourly_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id` AND `metric` = 's:' || OLD.`status`
      AND `hour` = (SELECT CAST(`created_at` / 3600000 AS INTEGER) * 3600000 FROM `notifications`
                    WHERE `id` = OLD.`notification_id` AND `is_test` = 0);
END;
--> statement-breakpoint
-- The delivery log's text search: one document per notification (title, host or target,
-- event id, organization). No delete trigger: a deleted notification's document matches
-- nothing once joined back to notifications, and deleting by an unindexed id would scan.
-- A payload SQLite can't read as JSON (nested past its limit) must not stop the rendering:
-- its document then has no host.
CREATE VIRTUAL TABLE `notification_search` USING fts5(
  `body`, `account_id` UNINDEXED, `notification_id` UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `notification_search` (`body`, `account_id`, `notification_id`)
  SELECT `title` || ' ' || `event_id` || ' ' || `organization_name` || ' '
      || CASE WHEN json_valid(`payload`) THEN coalesce(json_extract(`payload`, '$.host'), '') || ' '
         || coalesce(json_extract(`payload`, '$.target'), '') ELSE '' END,
    `account_id`, `id`
  FROM `notifications` WHERE `rendered_at` IS NOT NULL ORDER BY `created_at`, `id`;
--> statement-breakpoint
CREATE TRIGGER `notifications_search_render` AFTER UPDATE OF `rendered_at` ON `notifications`
WHEN OLD.`rendered_at` IS NULL AND NEW.`rendered_at` IS NOT NULL BEGIN
  INSERT INTO `notification_search` (`body`, `account_id`, `notification_id`) VALUES (
    NEW.`title` || ' ' || NEW.`event_id` || ' ' || NEW.`organization_name` || ' '
      || CASE WHEN json_valid(NEW.`payload`) THEN coalesce(json_extract(NEW.`payload`, '$.host'), '') || ' '
         || coalesce(json_extract(NEW.`payload`, '$.target'), '') ELSE '' END,
    NEW.`account_id`, NEW.`id`);
END;
