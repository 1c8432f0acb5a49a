ALTER TABLE `audit_events` ADD `redacted_at` text;--> statement-breakpoint
ALTER TABLE `residents` ADD `anonymised_at` text;--> statement-breakpoint
ALTER TABLE `transition_events` ADD `redacted_at` text;--> statement-breakpoint
ALTER TABLE `grants` ADD `last_payment_on` text;--> statement-breakpoint
ALTER TABLE `case_notes` ADD `redacted_at` text;--> statement-breakpoint
-- Anonymisation (docs/decisions/042) may redact an append-only row once: only its personal
-- payload changes (emptied) and `redacted_at` is set; every other column stays, and a redacted
-- row can never change again. Any other update is refused as before.
DROP TRIGGER `audit_events_no_update`;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
WHEN NOT (OLD.`redacted_at` IS NULL AND NEW.`redacted_at` IS NOT NULL
  AND NEW.`id` = OLD.`id` AND NEW.`at` = OLD.`at` AND NEW.`action` = OLD.`action`
  AND NEW.`entity_type` = OLD.`entity_type` AND NEW.`entity_id` IS OLD.`entity_id`
  AND NEW.`actor_user_id` IS OLD.`actor_user_id` AND NEW.`actor_label` IS OLD.`actor_label`
  AND NEW.`institution_id` IS OLD.`institution_id` AND NEW.`request_id` IS OLD.`request_id` AND NEW.`ip` IS OLD.`ip`
  AND NEW.`resident_id` IS OLD.`resident_id` AND NEW.`page` IS OLD.`page`
  AND NEW.`before` IS NULL AND NEW.`after` IS NULL)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;--> statement-breakpoint
DROP TRIGGER `transition_events_no_update`;--> statement-breakpoint
CREATE TRIGGER `transition_events_no_update` BEFORE UPDATE ON `transition_events`
WHEN NOT (OLD.`redacted_at` IS NULL AND NEW.`redacted_at` IS NOT NULL
  AND NEW.`id` = OLD.`id` AND NEW.`transition_id` = OLD.`transition_id` AND NEW.`seq` = OLD.`seq`
  AND NEW.`type` = OLD.`type` AND NEW.`occurred_on` = OLD.`occurred_on` AND NEW.`recorded_at` = OLD.`recorded_at`
  AND NEW.`actor_user_id` IS OLD.`actor_user_id` AND NEW.`from_state` = OLD.`from_state` AND NEW.`to_state` = OLD.`to_state`
  AND NEW.`supersedes_seq` IS OLD.`supersedes_seq` AND NEW.`effects` IS OLD.`effects`
  AND json_remove(OLD.`event`, '$.note') = NEW.`event` AND NEW.`reason` IS NULL)
BEGIN SELECT RAISE(ABORT, 'the transition event log is append-only'); END;--> statement-breakpoint
DROP TRIGGER `case_notes_no_update`;--> statement-breakpoint
CREATE TRIGGER `case_notes_no_update` BEFORE UPDATE ON `case_notes`
WHEN NOT (OLD.`redacted_at` IS NULL AND NEW.`redacted_at` IS NOT NULL
  AND NEW.`id` = OLD.`id` AND NEW.`transition_id` = OLD.`transition_id` AND NEW.`occurred_on` = OLD.`occurred_on`
  AND NEW.`author_id` IS OLD.`author_id` AND NEW.`recorded_at` = OLD.`recorded_at`
  AND NEW.`supersedes_id` IS OLD.`supersedes_id` AND NEW.`body` = '' AND NEW.`reason` IS NULL)
BEGIN SELECT RAISE(ABORT, 'case notes are append-only'); END;
