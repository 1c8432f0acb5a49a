CREATE TABLE `user_monitoring_areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`municipality_id` integer,
	`country` text,
	`granted_by` integer,
	`granted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "user_monitoring_areas_one_kind" CHECK(("user_monitoring_areas"."municipality_id" is null) <> ("user_monitoring_areas"."country" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_monitoring_areas_municipality_unique` ON `user_monitoring_areas` (`user_id`,`municipality_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_monitoring_areas_country_unique` ON `user_monitoring_areas` (`user_id`,`country`);--> statement-breakpoint
CREATE INDEX `user_monitoring_areas_municipality_idx` ON `user_monitoring_areas` (`municipality_id`);