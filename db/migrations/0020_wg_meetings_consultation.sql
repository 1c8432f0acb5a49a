CREATE TABLE `plan_consultation_reports` (
	`plan_version_id` integer PRIMARY KEY NOT NULL,
	`closed_on` text NOT NULL,
	`summary` text,
	`recorded_by` integer,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `wg_meeting_invitees` (
	`meeting_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `member_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `wg_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `wg_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `plan_consultation_comments` ADD `received_on` text;--> statement-breakpoint
ALTER TABLE `plan_consultation_comments` ADD `section` text DEFAULT 'general' NOT NULL;--> statement-breakpoint
ALTER TABLE `wg_action_items` ADD `state` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `wg_action_items` ADD `meeting_id` integer REFERENCES wg_meetings(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `wg_meetings` ADD `place` text;--> statement-breakpoint
ALTER TABLE `wg_meetings` ADD `held` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `wg_meetings` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `wg_members` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Hand-written (decisions 037, 038): items with a done date are done; comments recorded before
-- were received on the day they were typed; a version adopted before closed its consultation then.
UPDATE `wg_action_items` SET `state` = 'done' WHERE `done_on` IS NOT NULL;--> statement-breakpoint
UPDATE `plan_consultation_comments` SET `received_on` = substr(`created_at`, 1, 10) WHERE `received_on` IS NULL;--> statement-breakpoint
INSERT INTO `plan_consultation_reports` (`plan_version_id`, `closed_on`, `summary`, `recorded_by`, `recorded_at`)
  SELECT `id`, `adopted_on`, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now') FROM `plan_versions`
  WHERE `adopted_on` IS NOT NULL;
