CREATE TABLE `service_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`delivered_on` text NOT NULL,
	`hours` real NOT NULL,
	`note` text,
	`recorded_by` integer,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`supersedes_id` integer,
	`removed` integer DEFAULT false NOT NULL,
	`reason` text,
	`redacted_at` text,
	FOREIGN KEY (`service_id`) REFERENCES `community_services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`supersedes_id`) REFERENCES `service_deliveries`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `service_deliveries_service_idx` ON `service_deliveries` (`service_id`,`delivered_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `service_deliveries_supersedes_unique` ON `service_deliveries` (`supersedes_id`);--> statement-breakpoint
-- Hours delivered are append-only (docs/decisions/048, following case notes, 023): a correction or
-- removal is a new row superseding the entry. Anonymisation (042) may redact a row once: the note
-- and reason emptied and `redacted_at` set, every other column unchanged; nothing else is allowed.
CREATE TRIGGER `service_deliveries_no_update` BEFORE UPDATE ON `service_deliveries`
WHEN NOT (OLD.`redacted_at` IS NULL AND NEW.`redacted_at` IS NOT NULL
  AND NEW.`id` = OLD.`id` AND NEW.`service_id` = OLD.`service_id` AND NEW.`delivered_on` = OLD.`delivered_on`
  AND NEW.`hours` = OLD.`hours` AND NEW.`recorded_by` IS OLD.`recorded_by` AND NEW.`recorded_at` = OLD.`recorded_at`
  AND NEW.`supersedes_id` IS OLD.`supersedes_id` AND NEW.`removed` = OLD.`removed`
  AND NEW.`note` IS NULL AND NEW.`reason` IS NULL)
BEGIN SELECT RAISE(ABORT, 'service deliveries are append-only'); END;--> statement-breakpoint
CREATE TRIGGER `service_deliveries_no_delete` BEFORE DELETE ON `service_deliveries`
BEGIN SELECT RAISE(ABORT, 'service deliveries are append-only'); END;
