CREATE TABLE `sign_in_throttles` (
	`email_hash` text PRIMARY KEY NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`last_failed_sign_in_at` text,
	`locked_until` text
);
--> statement-breakpoint
CREATE INDEX `sign_in_throttles_last_failed` ON `sign_in_throttles` (`last_failed_sign_in_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `last_failed_sign_in_at` text;