CREATE TABLE `grant_institutions` (
	`grant_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	PRIMARY KEY(`grant_id`, `institution_id`),
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `grant_institutions_institution_idx` ON `grant_institutions` (`institution_id`);--> statement-breakpoint
CREATE TABLE `grant_targets` (
	`grant_id` integer NOT NULL,
	`indicator_code` text NOT NULL,
	`unit` text NOT NULL,
	`baseline` integer NOT NULL,
	`target` integer NOT NULL,
	PRIMARY KEY(`grant_id`, `indicator_code`),
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_number` text NOT NULL,
	`title` text NOT NULL,
	`programme` text NOT NULL,
	`age_scheme` text NOT NULL,
	`funder` text NOT NULL,
	`currency` text NOT NULL,
	`budget_minor` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`partners` text NOT NULL,
	`municipality_id` integer,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grants_contract_unique` ON `grants` (`contract_number`);--> statement-breakpoint
CREATE TABLE `period_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`state` text NOT NULL,
	`snapshot` text NOT NULL,
	`machine_version` integer NOT NULL,
	`problems` text DEFAULT '' NOT NULL,
	`planned_progress` text DEFAULT '' NOT NULL,
	`content` text,
	`content_hash` text,
	`submitted_by` integer,
	`submitted_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `period_reports_period_unique` ON `period_reports` (`period_id`);--> statement-breakpoint
CREATE TABLE `reporting_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reporting_periods_seq_unique` ON `reporting_periods` (`grant_id`,`seq`);--> statement-breakpoint
ALTER TABLE `housing_units` ADD `capacity_at_opening` integer;--> statement-breakpoint
UPDATE `housing_units` SET `capacity_at_opening` = `capacity` WHERE `opened_on` IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `period_reports_frozen_update` BEFORE UPDATE ON `period_reports` WHEN OLD.`state` = 'submitted' BEGIN SELECT RAISE(ABORT, 'a submitted period report is frozen'); END;--> statement-breakpoint
CREATE TRIGGER `period_reports_frozen_delete` BEFORE DELETE ON `period_reports` WHEN OLD.`state` = 'submitted' BEGIN SELECT RAISE(ABORT, 'a submitted period report is frozen'); END;
