CREATE TABLE `plan_consultation_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_version_id` integer NOT NULL,
	`received_from` text NOT NULL,
	`comment` text NOT NULL,
	`response` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plan_version_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_version_id` integer NOT NULL,
	`type` text NOT NULL,
	`event` text NOT NULL,
	`occurred_on` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor_user_id` integer,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `plan_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`number` integer NOT NULL,
	`state` text NOT NULL,
	`snapshot` text NOT NULL,
	`machine_version` integer NOT NULL,
	`content` text NOT NULL,
	`based_on_version_id` integer,
	`adopting_body` text,
	`resolution_number` text,
	`adopted_on` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_versions_number_unique` ON `plan_versions` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_id` integer NOT NULL,
	`title` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `plans_municipality_idx` ON `plans` (`municipality_id`);