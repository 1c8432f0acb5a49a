CREATE TABLE `residents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`code` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`sex` text,
	`date_of_birth` text,
	`target_group` text NOT NULL,
	`disability` text DEFAULT 'not_disclosed' NOT NULL,
	`legal_capacity` text DEFAULT 'full' NOT NULL,
	`guardian_name` text,
	`guardian_contact` text,
	`guardian_decision` text,
	`admission_date` text,
	`support_needs` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `residents_code_unique` ON `residents` (`code`);--> statement-breakpoint
CREATE INDEX `residents_institution_idx` ON `residents` (`institution_id`,`last_name`);--> statement-breakpoint
CREATE TABLE `transition_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`event` text NOT NULL,
	`occurred_on` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor_user_id` integer,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transition_events_seq_unique` ON `transition_events` (`transition_id`,`seq`);--> statement-breakpoint
CREATE INDEX `transition_events_type_idx` ON `transition_events` (`type`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resident_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`opened_on` text NOT NULL,
	`state` text NOT NULL,
	`state_since` text NOT NULL,
	`snapshot` text NOT NULL,
	`machine_version` integer NOT NULL,
	`case_worker_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`case_worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transitions_resident_unique` ON `transitions` (`resident_id`);--> statement-breakpoint
CREATE INDEX `transitions_institution_state_idx` ON `transitions` (`institution_id`,`state`);--> statement-breakpoint
CREATE TABLE `community_services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`service_type` text NOT NULL,
	`provider` text NOT NULL,
	`start_on` text NOT NULL,
	`end_on` text,
	`hours_per_week` real,
	`recorded_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `community_services_transition_idx` ON `community_services` (`transition_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`given_by` text NOT NULL,
	`guardian_name` text,
	`given_on` text NOT NULL,
	`document_ref` text,
	`withdrawn_on` text,
	`recorded_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consents_transition_idx` ON `consents` (`transition_id`);--> statement-breakpoint
CREATE TABLE `follow_up_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`move_on` text NOT NULL,
	`months_after_move` integer NOT NULL,
	`due_on` text NOT NULL,
	`visited_on` text,
	`findings` text,
	`actions` text,
	`recorded_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_visits_unique` ON `follow_up_visits` (`transition_id`,`move_on`,`months_after_move`);--> statement-breakpoint
CREATE INDEX `follow_up_visits_due_idx` ON `follow_up_visits` (`due_on`);--> statement-breakpoint
CREATE TABLE `needs_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`domains` text NOT NULL,
	`overall_intensity` text NOT NULL,
	`summary` text,
	`completed_by_name` text,
	`completed_on` text,
	`recorded_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `needs_assessments_transition_unique` ON `needs_assessments` (`transition_id`);--> statement-breakpoint
CREATE TABLE `transition_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`goals` text NOT NULL,
	`support_needed` text NOT NULL,
	`housing_preference` text,
	`planned_services` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`prepared_by` integer NOT NULL,
	`approved_by` integer,
	`approved_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prepared_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transition_plans_transition_unique` ON `transition_plans` (`transition_id`);--> statement-breakpoint
CREATE TABLE `housing_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`housing_type` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`operator_name` text NOT NULL,
	`operator_kind` text NOT NULL,
	`capacity` integer NOT NULL,
	`max_funded_users` integer,
	`opened_on` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`on_institution_premises` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `housing_units_institution_idx` ON `housing_units` (`institution_id`);--> statement-breakpoint
CREATE TABLE `placements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transition_id` integer NOT NULL,
	`housing_unit_id` integer NOT NULL,
	`status` text NOT NULL,
	`reserved_on` text NOT NULL,
	`planned_move_on` text,
	`moved_in_on` text,
	`ended_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transition_id`) REFERENCES `transitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`housing_unit_id`) REFERENCES `housing_units`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `placements_unit_status_idx` ON `placements` (`housing_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `placements_transition_idx` ON `placements` (`transition_id`,`status`);