DROP INDEX `notifications_account_event_uq`;--> statement-breakpoint
ALTER TABLE `notifications` ADD `follow_up_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `follows_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_account_event_uq` ON `notifications` (`account_id`,`type`,`event_id`,`event_status`,`follow_up_key`) WHERE is_test = 0;