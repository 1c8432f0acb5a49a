ALTER TABLE `transition_events` ADD `supersedes_seq` integer;--> statement-breakpoint
ALTER TABLE `transition_events` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `transition_events` ADD `effects` text;--> statement-breakpoint
CREATE INDEX `transition_events_supersedes_idx` ON `transition_events` (`transition_id`,`supersedes_seq`);--> statement-breakpoint
ALTER TABLE `transition_plans` ADD `written_on` text;--> statement-breakpoint
-- Plans written before this column existed: their writing day is the day they were typed.
UPDATE `transition_plans` SET `written_on` = substr(`created_at`, 1, 10) WHERE `written_on` IS NULL;--> statement-breakpoint
-- The transition event log is append-only: a correction or a void is a new entry, never an edit.
CREATE TRIGGER `transition_events_no_update` BEFORE UPDATE ON `transition_events` BEGIN SELECT RAISE(ABORT, 'the transition event log is append-only'); END;
