ALTER TABLE `audit_events` ADD `resident_id` integer;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `page` text;--> statement-breakpoint
CREATE INDEX `audit_events_resident_idx` ON `audit_events` (`resident_id`,`id`);--> statement-breakpoint
-- Hand-written (decision 043): earlier events get the resident whose record they concern, so that
-- "who saw this record" covers the whole history. The append-only trigger is lifted for this one
-- statement, inside the migration's transaction, and put back unchanged.
DROP TRIGGER `audit_events_no_update`;--> statement-breakpoint
UPDATE `audit_events` SET `resident_id` = CASE `entity_type`
  WHEN 'resident' THEN CAST(`entity_id` AS integer)
  WHEN 'transition' THEN (SELECT `resident_id` FROM `transitions` WHERE `id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'needs_assessment' THEN (SELECT t.`resident_id` FROM `needs_assessments` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'transition_plan' THEN (SELECT t.`resident_id` FROM `transition_plans` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'consent' THEN (SELECT t.`resident_id` FROM `consents` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'placement' THEN (SELECT t.`resident_id` FROM `placements` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'community_service' THEN (SELECT t.`resident_id` FROM `community_services` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'follow_up_visit' THEN (SELECT t.`resident_id` FROM `follow_up_visits` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'case_note' THEN (SELECT t.`resident_id` FROM `case_notes` x JOIN `transitions` t ON t.`id` = x.`transition_id` WHERE x.`id` = CAST(`audit_events`.`entity_id` AS integer))
  WHEN 'document' THEN (SELECT `resident_id` FROM `documents` WHERE `id` = CAST(`audit_events`.`entity_id` AS integer))
END
WHERE `entity_id` IS NOT NULL AND `entity_type` IN ('resident', 'transition', 'needs_assessment', 'transition_plan', 'consent', 'placement', 'community_service', 'follow_up_visit', 'case_note', 'document');--> statement-breakpoint
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
