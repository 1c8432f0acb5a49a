ALTER TABLE `transition_plans` ADD `prepared_by_name` text;--> statement-breakpoint
ALTER TABLE `transition_plans` ADD `approved_by_name` text;