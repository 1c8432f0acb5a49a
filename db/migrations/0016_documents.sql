CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resident_id` integer,
	`transition_event_id` integer,
	`meeting_id` integer,
	`kind` text NOT NULL,
	`document_on` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`content` blob,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`removed_at` text,
	`removed_by` integer,
	`removal_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`transition_event_id`) REFERENCES `transition_events`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`meeting_id`) REFERENCES `wg_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`removed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "documents_one_owner" CHECK(("documents"."resident_id" is null) <> ("documents"."meeting_id" is null)),
	CONSTRAINT "documents_step_of_resident" CHECK("documents"."transition_event_id" is null or "documents"."resident_id" is not null)
);
--> statement-breakpoint
CREATE INDEX `documents_resident_idx` ON `documents` (`resident_id`);--> statement-breakpoint
CREATE INDEX `documents_meeting_idx` ON `documents` (`meeting_id`);