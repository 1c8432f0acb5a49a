CREATE TABLE `plan_publications` (
	`plan_id` integer PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`published` integer NOT NULL,
	`plan_version_number` integer NOT NULL,
	`locale` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` integer,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_publications_token_unique` ON `plan_publications` (`token`);