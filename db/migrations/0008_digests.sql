ALTER TABLE `deliveries` ADD `digest_id` text;--> statement-breakpoint
CREATE INDEX `deliveries_held_idx` ON `deliveries` (`next_attempt_at`,`account_id`,`recipient`) WHERE status = 'held';--> statement-breakpoint
CREATE INDEX `deliveries_digest_idx` ON `deliveries` (`digest_id`) WHERE digest_id is not null;--> statement-breakpoint
ALTER TABLE `notifications` ADD `held_for` text;--> statement-breakpoint
-- hand-written:
-- Held and digested deliveries are counted by the read-model triggers of 0004 like every
-- status but queued and sending; each is its own filter group of the delivery log.
INSERT INTO `status_groups` (`status`, `grp`) VALUES
  ('held', 's:held'), ('digested', 's:digested');
