ALTER TABLE `residents` ADD `search_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `residents_search_idx` ON `residents` (`institution_id`,`search_key`);--> statement-breakpoint
CREATE INDEX `residents_search_key_idx` ON `residents` (`search_key`);--> statement-breakpoint
-- Hand-written (decision 025): the search column is written by the database on every insert and
-- update of a name, with search_fold(), the function db/client.ts registers on every connection.
UPDATE `residents` SET `search_key` = search_fold(`last_name` || ' ' || `first_name` || ' ' || `code`);--> statement-breakpoint
CREATE TRIGGER `residents_search_key_insert` AFTER INSERT ON `residents` BEGIN
  UPDATE `residents` SET `search_key` = search_fold(NEW.`last_name` || ' ' || NEW.`first_name` || ' ' || NEW.`code`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `residents_search_key_update` AFTER UPDATE OF `first_name`, `last_name`, `code` ON `residents` BEGIN
  UPDATE `residents` SET `search_key` = search_fold(NEW.`last_name` || ' ' || NEW.`first_name` || ' ' || NEW.`code`) WHERE `id` = NEW.`id`;
END;
