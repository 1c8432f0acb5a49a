CREATE TABLE `case_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`occurred_on` text NOT NULL,
	`body` text NOT NULL,
	`author_id` integer,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`supersedes_id` integer,
	`reason` text,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`supersedes_id`) REFERENCES `case_notes`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `case_notes_transition_idx` ON `case_notes` (`transition_id`,`occurred_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_notes_supersedes_unique` ON `case_notes` (`supersedes_id`);--> statement-breakpoint
CREATE INDEX `transitions_case_worker_idx` ON `transitions` (`case_worker_id`,`state`);--> statement-breakpoint
-- Hand-written: case notes are append-only; a correction is a new note that supersedes the old one.
CREATE TRIGGER `case_notes_no_update` BEFORE UPDATE ON `case_notes` BEGIN SELECT RAISE(ABORT, 'case notes are append-only'); END;--> statement-breakpoint
CREATE TRIGGER `case_notes_no_delete` BEFORE DELETE ON `case_notes` BEGIN SELECT RAISE(ABORT, 'case notes are append-only'); END;
