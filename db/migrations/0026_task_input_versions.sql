CREATE TABLE `task_input_versions` (
	`institution_id` integer PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
-- Decision 053: one more, in the writing transaction, for the institution of every row written to
-- a table the case worker's task count reads (app/modules/caseload/tasks.server.ts).
CREATE TRIGGER `transitions_task_inputs_insert` AFTER INSERT ON `transitions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`institution_id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `transitions_task_inputs_update` AFTER UPDATE ON `transitions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`institution_id` AS i UNION SELECT OLD.`institution_id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `transitions_task_inputs_delete` AFTER DELETE ON `transitions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT OLD.`institution_id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `residents_task_inputs_insert` AFTER INSERT ON `residents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`institution_id` AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = NEW.`id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `residents_task_inputs_update` AFTER UPDATE ON `residents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`institution_id` AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = NEW.`id`) AS i UNION SELECT OLD.`institution_id` AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = OLD.`id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `residents_task_inputs_delete` AFTER DELETE ON `residents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT OLD.`institution_id` AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = OLD.`id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_task_inputs_insert` AFTER INSERT ON `institutions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_task_inputs_update` AFTER UPDATE ON `institutions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT NEW.`id` AS i UNION SELECT OLD.`id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_task_inputs_delete` AFTER DELETE ON `institutions`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT OLD.`id` AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_up_visits_task_inputs_insert` AFTER INSERT ON `follow_up_visits`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_up_visits_task_inputs_update` AFTER UPDATE ON `follow_up_visits`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_up_visits_task_inputs_delete` AFTER DELETE ON `follow_up_visits`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `transition_plans_task_inputs_insert` AFTER INSERT ON `transition_plans`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `transition_plans_task_inputs_update` AFTER UPDATE ON `transition_plans`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `transition_plans_task_inputs_delete` AFTER DELETE ON `transition_plans`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `placements_task_inputs_insert` AFTER INSERT ON `placements`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `placements_task_inputs_update` AFTER UPDATE ON `placements`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `placements_task_inputs_delete` AFTER DELETE ON `placements`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `consents_task_inputs_insert` AFTER INSERT ON `consents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `consents_task_inputs_update` AFTER UPDATE ON `consents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = NEW.`transition_id`) AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `consents_task_inputs_delete` AFTER DELETE ON `consents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `id` = OLD.`transition_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_task_inputs_insert` AFTER INSERT ON `documents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = NEW.`resident_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_task_inputs_update` AFTER UPDATE ON `documents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = NEW.`resident_id`) AS i UNION SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = OLD.`resident_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_task_inputs_delete` AFTER DELETE ON `documents`
BEGIN
  INSERT INTO `task_input_versions` (`institution_id`, `n`)
  SELECT i, 1 FROM (SELECT (SELECT `institution_id` FROM `transitions` WHERE `resident_id` = OLD.`resident_id`) AS i) WHERE i IS NOT NULL
  ON CONFLICT (`institution_id`) DO UPDATE SET `n` = `n` + 1;
END;
