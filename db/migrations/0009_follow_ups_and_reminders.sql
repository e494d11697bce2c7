CREATE TABLE `reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`notification_id` text NOT NULL,
	`type` text NOT NULL,
	`event_id` text NOT NULL,
	`anchor_at` integer NOT NULL,
	`every_ms` integer NOT NULL,
	`times` integer NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`next_due_at` integer,
	`ended_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_notification_uq` ON `reminders` (`notification_id`);--> statement-breakpoint
CREATE INDEX `reminders_alert_idx` ON `reminders` (`account_id`,`type`,`event_id`);--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`next_due_at`) WHERE next_due_at is not null;--> statement-breakpoint
DROP INDEX `notifications_account_event_uq`;--> statement-breakpoint
ALTER TABLE `notifications` ADD `follow_up_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `follows_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_account_event_uq` ON `notifications` (`account_id`,`type`,`event_id`,`event_status`,`follow_up_key`) WHERE is_test = 0;