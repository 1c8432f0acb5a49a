CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_member_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`state` text NOT NULL,
	`snapshot` text NOT NULL,
	`machine_version` integer NOT NULL,
	`enrolled_on` text NOT NULL,
	`completed_on` text,
	`certificate_ref` text,
	`dropped_on` text,
	`drop_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`staff_member_id`) REFERENCES `staff_members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `enrolments_staff_idx` ON `enrolments` (`staff_member_id`);--> statement-breakpoint
CREATE INDEX `enrolments_module_idx` ON `enrolments` (`module_id`,`state`);--> statement-breakpoint
CREATE TABLE `readiness_ratios` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`type_code` text NOT NULL,
	`competence_area` text NOT NULL,
	`staff_per_unit` real NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `readiness_ratios_unique` ON `readiness_ratios` (`subject`,`type_code`,`competence_area`);--> statement-breakpoint
CREATE TABLE `staff_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`code` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`sex` text,
	`date_of_birth` text,
	`position` text NOT NULL,
	`employed_from` text,
	`employed_to` text,
	`email` text,
	`phone` text,
	`community_start_on` text,
	`community_service_type` text,
	`community_employer` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_code_unique` ON `staff_members` (`code`);--> statement-breakpoint
CREATE INDEX `staff_institution_idx` ON `staff_members` (`institution_id`,`last_name`);--> statement-breakpoint
CREATE TABLE `support_session_attendees` (
	`session_id` integer NOT NULL,
	`staff_member_id` integer NOT NULL,
	PRIMARY KEY(`session_id`, `staff_member_id`),
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_member_id`) REFERENCES `staff_members`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `support_attendees_staff_idx` ON `support_session_attendees` (`staff_member_id`);--> statement-breakpoint
CREATE TABLE `support_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`kind` text NOT NULL,
	`held_on` text NOT NULL,
	`facilitator` text NOT NULL,
	`topics` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `support_sessions_institution_idx` ON `support_sessions` (`institution_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `training_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`attended_on` text NOT NULL,
	`hours` real,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_attendance_unique` ON `training_attendance` (`enrolment_id`,`attended_on`);--> statement-breakpoint
CREATE TABLE `training_modules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title_en` text NOT NULL,
	`title_pl` text NOT NULL,
	`title_bg` text NOT NULL,
	`hours` integer NOT NULL,
	`competence_area` text NOT NULL,
	`provider` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
