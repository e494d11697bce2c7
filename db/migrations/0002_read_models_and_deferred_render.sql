CREATE TABLE `notification_groups` (
	`notification_id` text NOT NULL,
	`grp` text NOT NULL,
	`account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`notification_id`, `grp`),
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_groups_filter_idx` ON `notification_groups` (`account_id`,`grp`,`created_at`,`notification_id`);--> statement-breakpoint
CREATE TABLE `recipient_status_counts` (
	`account_id` text NOT NULL,
	`address` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`account_id`, `address`, `status`)
);
--> statement-breakpoint
CREATE TABLE `status_groups` (
	`status` text NOT NULL,
	`grp` text NOT NULL,
	PRIMARY KEY(`status`, `grp`)
);
--> statement-breakpoint
DROP INDEX `deliveries_account_recipient_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_account_recipient_idx` ON `deliveries` (`account_id`,lower("recipient"),`updated_at`);--> statement-breakpoint
DROP INDEX `notifications_account_webhook_uq`;--> statement-breakpoint
ALTER TABLE `notifications` ADD `webhook_index` integer DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `rendered_at` integer;--> statement-breakpoint
CREATE INDEX `notifications_account_type_created_idx` ON `notifications` (`account_id`,`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_org_created_idx` ON `notifications` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_account_state_created_idx` ON `notifications` (`account_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unrendered_idx` ON `notifications` (`created_at`) WHERE rendered_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_account_webhook_uq` ON `notifications` (`account_id`,`webhook_id`,`webhook_index`);--> statement-breakpoint
CREATE INDEX `dispatch_batches_lease_idx` ON `dispatch_batches` (`lease_until`);--> statement-breakpoint
INSERT INTO `status_groups` (`status`, `grp`) VALUES
  ('queued', 's:queued'), ('queued', 'waiting'),
  ('sending', 's:sending'), ('sending', 'waiting'),
  ('sent', 's:sent'), ('sent', 'sent'),
  ('delivery_delayed', 's:delivery_delayed'), ('delivery_delayed', 'sent'),
  ('delivered', 's:delivered'),
  ('bounced', 's:bounced'), ('bounced', 'undelivered'),
  ('complained', 's:complained'), ('complained', 'undelivered'),
  ('failed', 's:failed'), ('failed', 'undelivered'),
  ('dead', 's:dead'), ('dead', 'undelivered');
--> statement-breakpoint
UPDATE `notifications` SET `rendered_at` = `created_at` WHERE `rendered_at` IS NULL;
--> statement-breakpoint
INSERT INTO `notification_groups` (`notification_id`, `grp`, `account_id`, `created_at`, `n`)
  SELECT d.`notification_id`, g.`grp`, d.`account_id`, n.`created_at`, count(*)
  FROM `deliveries` d
  JOIN `status_groups` g ON g.`status` = d.`status`
  JOIN `notifications` n ON n.`id` = d.`notification_id`
  GROUP BY d.`notification_id`, g.`grp`;
--> statement-breakpoint
INSERT INTO `recipient_status_counts` (`account_id`, `address`, `status`, `n`)
  SELECT `account_id`, lower(`recipient`), `status`, count(*) FROM `deliveries`
  GROUP BY `account_id`, lower(`recipient`), `status`;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_insert` AFTER INSERT ON `deliveries` BEGIN
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
CREATE TRIGGER `deliveries_read_models_update` AFTER UPDATE OF `status` ON `deliveries`
WHEN OLD.`status` IS NOT NEW.`status` BEGIN
  UPDATE `notification_groups` SET `n` = `n` - 1
    WHERE `notification_id` = OLD.`notification_id`
      AND `grp` IN (SELECT `grp` FROM `status_groups` WHERE `status` = OLD.`status`);
  DELETE FROM `notification_groups` WHERE `notification_id` = OLD.`notification_id` AND `n` <= 0;
  INSERT INTO `notification_groups` (`notification_id`, `grp`, `account_id`, `created_at`, `n`)
    SELECT NEW.`notification_id`, g.`grp`, NEW.`account_id`,
      (SELECT `created_at` FROM `notifications` WHERE `id` = NEW.`notification_id`), 1
    FROM `status_groups` g WHERE g.`status` = NEW.`status`
    ON CONFLICT (`notification_id`, `grp`) DO UPDATE SET `n` = `n` + 1;
  UPDATE `recipient_status_counts` SET `n` = `n` - 1
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status`;
  DELETE FROM `recipient_status_counts`
    WHERE `account_id` = OLD.`account_id` AND `address` = lower(OLD.`recipient`) AND `status` = OLD.`status` AND `n` <= 0;
  INSERT INTO `recipient_status_counts` (`account_id`, `address`, `status`, `n`)
    VALUES (NEW.`account_id`, lower(NEW.`recipient`), NEW.`status`, 1)
    ON CONFLICT (`account_id`, `address`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_read_models_delete` AFTER DELETE ON `deliveries` BEGIN
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
INSERT INTO `integrations` (`id`, `account_id`, `kind`, `settings`)
  SELECT lower(hex(randomblob(16))), a.`id`, 'email',
    '{"defaults":[],"types":{"incident":{"override":false,"addresses":[],"resolved":true},"escalation":{"override":false,"addresses":[],"resolved":true},"platform_action":{"override":false,"addresses":[],"resolved":true},"account_notice":{"override":false,"addresses":[],"resolved":true}},"organizationRules":[]}'
  FROM `accounts` a
  WHERE NOT EXISTS (SELECT 1 FROM `integrations` i WHERE i.`account_id` = a.`id` AND i.`kind` = 'email');
--> statement-breakpoint
INSERT INTO `webhook_secrets` (`id`, `account_id`, `secret`)
  SELECT lower(hex(randomblob(16))), a.`id`, 'whsec_' || hex(randomblob(32))
  FROM `accounts` a
  WHERE NOT EXISTS (SELECT 1 FROM `webhook_secrets` s WHERE s.`account_id` = a.`id` AND s.`expires_at` IS NULL);
