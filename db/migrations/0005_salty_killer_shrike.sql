ALTER TABLE `deliveries` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_psa_due_idx` ON `deliveries` (`channel`,`next_attempt_at`) WHERE status = 'queued' and channel <> 'email';--> statement-breakpoint
ALTER TABLE `integrations` ADD `secret` text;