CREATE TABLE `plan_action_progress` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`action_id` text NOT NULL,
	`status` text NOT NULL,
	`changed_on` text NOT NULL,
	`changed_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_action_progress_unique` ON `plan_action_progress` (`plan_id`,`action_id`);