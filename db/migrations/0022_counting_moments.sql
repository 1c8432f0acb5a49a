CREATE TABLE `counting_moments` (
	`indicator` text NOT NULL,
	`subject_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`moment_on` text NOT NULL,
	`weight` integer NOT NULL,
	`cat` text NOT NULL,
	`age` integer,
	PRIMARY KEY(`indicator`, `subject_id`)
);
--> statement-breakpoint
CREATE INDEX `counting_moments_read_idx` ON `counting_moments` (`indicator`,`institution_id`,`moment_on`,`cat`,`age`,`weight`);--> statement-breakpoint
CREATE INDEX `counting_moments_group_idx` ON `counting_moments` (`indicator`,`cat`,`age`,`moment_on`,`institution_id`,`weight`);--> statement-breakpoint
-- Hand-written (decision 035): the counting moments are kept by these triggers, in the transaction of
-- each write to the records they come from; the bodies are the counting rules of
-- app/modules/indicators/engine.server.ts (recountSql), per subject. Backfill first.
INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'RES_COVERED', t.`resident_id`, t.`institution_id`, t.`opened_on`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(t.`opened_on`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(t.`opened_on`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM `transitions` t JOIN `residents` r ON r.`id` = t.`resident_id` WHERE t.`id` IN (SELECT `id` FROM `transitions`);--> statement-breakpoint
INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT f.`indicator`, f.`resident_id`, f.`institution_id`, f.`first`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM (SELECT k.`indicator`, t.`resident_id`, t.`institution_id`,
               (SELECT min(e.`occurred_on`) FROM `transition_events` e WHERE e.`transition_id` = t.`id` AND e.`type` = k.`type`
                  AND NOT EXISTS (SELECT 1 FROM `transition_events` s WHERE s.`transition_id` = e.`transition_id` AND s.`supersedes_seq` = e.`seq`)) AS `first`
        FROM `transitions` t,
             (SELECT 'RES_MOVED' AS `indicator`, 'RECORD_MOVE' AS `type` UNION ALL SELECT 'RES_RETURNED', 'RETURN' UNION ALL SELECT 'RES_DIED', 'RECORD_DEATH') k
        WHERE t.`id` IN (SELECT `id` FROM `transitions`)) f
  JOIN `residents` r ON r.`id` = f.`resident_id` WHERE f.`first` IS NOT NULL;--> statement-breakpoint
INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `id` FROM `staff_members`)) g) f
  WHERE f.`first` IS NOT NULL;--> statement-breakpoint
INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_TO_COMMUNITY', s.`id`, s.`institution_id`, s.`community_start_on`, 1, coalesce(s.`sex`, '') || '||', CASE WHEN s.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(s.`community_start_on`, 1, 4) AS INTEGER) - CAST(substr(s.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(s.`community_start_on`, 6) < substr(s.`date_of_birth`, 6))) END
  FROM `staff_members` s WHERE s.`id` IN (SELECT `id` FROM `staff_members`) AND s.`community_start_on` IS NOT NULL;--> statement-breakpoint
INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'PLACES_CREATED', h.`id`, h.`institution_id`, h.`opened_on`, coalesce(h.`capacity_at_opening`, h.`capacity`), '||', NULL
  FROM `housing_units` h WHERE h.`id` IN (SELECT `id` FROM `housing_units`) AND h.`status` <> 'planned' AND h.`opened_on` IS NOT NULL;--> statement-breakpoint
CREATE TRIGGER `counting_transitions_insert` AFTER INSERT ON `transitions` BEGIN
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'RES_COVERED', t.`resident_id`, t.`institution_id`, t.`opened_on`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(t.`opened_on`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(t.`opened_on`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM `transitions` t JOIN `residents` r ON r.`id` = t.`resident_id` WHERE t.`id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT f.`indicator`, f.`resident_id`, f.`institution_id`, f.`first`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM (SELECT k.`indicator`, t.`resident_id`, t.`institution_id`,
               (SELECT min(e.`occurred_on`) FROM `transition_events` e WHERE e.`transition_id` = t.`id` AND e.`type` = k.`type`
                  AND NOT EXISTS (SELECT 1 FROM `transition_events` s WHERE s.`transition_id` = e.`transition_id` AND s.`supersedes_seq` = e.`seq`)) AS `first`
        FROM `transitions` t,
             (SELECT 'RES_MOVED' AS `indicator`, 'RECORD_MOVE' AS `type` UNION ALL SELECT 'RES_RETURNED', 'RETURN' UNION ALL SELECT 'RES_DIED', 'RECORD_DEATH') k
        WHERE t.`id` IN (NEW.`id`)) f
  JOIN `residents` r ON r.`id` = f.`resident_id` WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_transitions_update` AFTER UPDATE OF `resident_id`, `institution_id`, `opened_on` ON `transitions` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` IN ('RES_COVERED', 'RES_MOVED', 'RES_RETURNED', 'RES_DIED') AND `subject_id` IN (OLD.`resident_id`, NEW.`resident_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'RES_COVERED', t.`resident_id`, t.`institution_id`, t.`opened_on`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(t.`opened_on`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(t.`opened_on`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM `transitions` t JOIN `residents` r ON r.`id` = t.`resident_id` WHERE t.`id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT f.`indicator`, f.`resident_id`, f.`institution_id`, f.`first`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM (SELECT k.`indicator`, t.`resident_id`, t.`institution_id`,
               (SELECT min(e.`occurred_on`) FROM `transition_events` e WHERE e.`transition_id` = t.`id` AND e.`type` = k.`type`
                  AND NOT EXISTS (SELECT 1 FROM `transition_events` s WHERE s.`transition_id` = e.`transition_id` AND s.`supersedes_seq` = e.`seq`)) AS `first`
        FROM `transitions` t,
             (SELECT 'RES_MOVED' AS `indicator`, 'RECORD_MOVE' AS `type` UNION ALL SELECT 'RES_RETURNED', 'RETURN' UNION ALL SELECT 'RES_DIED', 'RECORD_DEATH') k
        WHERE t.`id` IN (NEW.`id`)) f
  JOIN `residents` r ON r.`id` = f.`resident_id` WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_transitions_delete` AFTER DELETE ON `transitions` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` IN ('RES_COVERED', 'RES_MOVED', 'RES_RETURNED', 'RES_DIED') AND `subject_id` = OLD.`resident_id`;
END;--> statement-breakpoint
CREATE TRIGGER `counting_transition_events_insert` AFTER INSERT ON `transition_events` WHEN NEW.`type` IN ('RECORD_MOVE', 'RETURN', 'RECORD_DEATH') OR NEW.`supersedes_seq` IS NOT NULL BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` IN ('RES_MOVED', 'RES_RETURNED', 'RES_DIED') AND `subject_id` IN (SELECT `resident_id` FROM `transitions` WHERE `id` IN (NEW.`transition_id`));
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT f.`indicator`, f.`resident_id`, f.`institution_id`, f.`first`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM (SELECT k.`indicator`, t.`resident_id`, t.`institution_id`,
               (SELECT min(e.`occurred_on`) FROM `transition_events` e WHERE e.`transition_id` = t.`id` AND e.`type` = k.`type`
                  AND NOT EXISTS (SELECT 1 FROM `transition_events` s WHERE s.`transition_id` = e.`transition_id` AND s.`supersedes_seq` = e.`seq`)) AS `first`
        FROM `transitions` t,
             (SELECT 'RES_MOVED' AS `indicator`, 'RECORD_MOVE' AS `type` UNION ALL SELECT 'RES_RETURNED', 'RETURN' UNION ALL SELECT 'RES_DIED', 'RECORD_DEATH') k
        WHERE t.`id` IN (NEW.`transition_id`)) f
  JOIN `residents` r ON r.`id` = f.`resident_id` WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_transition_events_delete` AFTER DELETE ON `transition_events` WHEN OLD.`type` IN ('RECORD_MOVE', 'RETURN', 'RECORD_DEATH') OR OLD.`supersedes_seq` IS NOT NULL BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` IN ('RES_MOVED', 'RES_RETURNED', 'RES_DIED') AND `subject_id` IN (SELECT `resident_id` FROM `transitions` WHERE `id` IN (OLD.`transition_id`));
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT f.`indicator`, f.`resident_id`, f.`institution_id`, f.`first`, 1, coalesce(r.`sex`, '') || '|' || coalesce(r.`target_group`, '') || '|' || coalesce(r.`disability`, ''), CASE WHEN r.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(r.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(r.`date_of_birth`, 6))) END
  FROM (SELECT k.`indicator`, t.`resident_id`, t.`institution_id`,
               (SELECT min(e.`occurred_on`) FROM `transition_events` e WHERE e.`transition_id` = t.`id` AND e.`type` = k.`type`
                  AND NOT EXISTS (SELECT 1 FROM `transition_events` s WHERE s.`transition_id` = e.`transition_id` AND s.`supersedes_seq` = e.`seq`)) AS `first`
        FROM `transitions` t,
             (SELECT 'RES_MOVED' AS `indicator`, 'RECORD_MOVE' AS `type` UNION ALL SELECT 'RES_RETURNED', 'RETURN' UNION ALL SELECT 'RES_DIED', 'RECORD_DEATH') k
        WHERE t.`id` IN (OLD.`transition_id`)) f
  JOIN `residents` r ON r.`id` = f.`resident_id` WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_residents_update` AFTER UPDATE OF `sex`, `date_of_birth`, `target_group`, `disability` ON `residents` BEGIN
  UPDATE `counting_moments` SET `cat` = coalesce(NEW.`sex`, '') || '|' || coalesce(NEW.`target_group`, '') || '|' || coalesce(NEW.`disability`, ''), `age` = CASE WHEN NEW.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(`moment_on`, 1, 4) AS INTEGER) - CAST(substr(NEW.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(`moment_on`, 6) < substr(NEW.`date_of_birth`, 6))) END WHERE `indicator` IN ('RES_COVERED', 'RES_MOVED', 'RES_RETURNED', 'RES_DIED') AND `subject_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `counting_staff_insert` AFTER INSERT ON `staff_members` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (NEW.`id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_TO_COMMUNITY' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_TO_COMMUNITY', s.`id`, s.`institution_id`, s.`community_start_on`, 1, coalesce(s.`sex`, '') || '||', CASE WHEN s.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(s.`community_start_on`, 1, 4) AS INTEGER) - CAST(substr(s.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(s.`community_start_on`, 6) < substr(s.`date_of_birth`, 6))) END
  FROM `staff_members` s WHERE s.`id` IN (NEW.`id`) AND s.`community_start_on` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_staff_update` AFTER UPDATE OF `institution_id`, `community_start_on`, `sex`, `date_of_birth` ON `staff_members` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (OLD.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (OLD.`id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_TO_COMMUNITY' AND `subject_id` IN (OLD.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_TO_COMMUNITY', s.`id`, s.`institution_id`, s.`community_start_on`, 1, coalesce(s.`sex`, '') || '||', CASE WHEN s.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(s.`community_start_on`, 1, 4) AS INTEGER) - CAST(substr(s.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(s.`community_start_on`, 6) < substr(s.`date_of_birth`, 6))) END
  FROM `staff_members` s WHERE s.`id` IN (OLD.`id`) AND s.`community_start_on` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (NEW.`id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_TO_COMMUNITY' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_TO_COMMUNITY', s.`id`, s.`institution_id`, s.`community_start_on`, 1, coalesce(s.`sex`, '') || '||', CASE WHEN s.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(s.`community_start_on`, 1, 4) AS INTEGER) - CAST(substr(s.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(s.`community_start_on`, 6) < substr(s.`date_of_birth`, 6))) END
  FROM `staff_members` s WHERE s.`id` IN (NEW.`id`) AND s.`community_start_on` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_staff_delete` AFTER DELETE ON `staff_members` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` IN ('STAFF_SUPPORTED', 'STAFF_TO_COMMUNITY') AND `subject_id` = OLD.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `counting_training_attendance_insert` AFTER INSERT ON `training_attendance` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_training_attendance_update` AFTER UPDATE OF `enrolment_id`, `attended_on` ON `training_attendance` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_training_attendance_delete` AFTER DELETE ON `training_attendance` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `staff_member_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_enrolments_update` AFTER UPDATE OF `staff_member_id` ON `enrolments` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (OLD.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (OLD.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (NEW.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (NEW.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_enrolments_delete` AFTER DELETE ON `enrolments` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (OLD.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (OLD.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_support_attendees_insert` AFTER INSERT ON `support_session_attendees` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (NEW.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (NEW.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_support_attendees_update` AFTER UPDATE ON `support_session_attendees` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (OLD.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (OLD.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (NEW.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (NEW.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_support_attendees_delete` AFTER DELETE ON `support_session_attendees` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (OLD.`staff_member_id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (OLD.`staff_member_id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_support_sessions_update` AFTER UPDATE OF `held_on` ON `support_sessions` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'STAFF_SUPPORTED' AND `subject_id` IN (SELECT `staff_member_id` FROM `support_session_attendees` WHERE `session_id` = NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'STAFF_SUPPORTED', f.`id`, f.`institution_id`, f.`first`, 1, coalesce(f.`sex`, '') || '||', CASE WHEN f.`date_of_birth` IS NULL THEN NULL ELSE max(0, (CAST(substr(f.`first`, 1, 4) AS INTEGER) - CAST(substr(f.`date_of_birth`, 1, 4) AS INTEGER)) - (substr(f.`first`, 6) < substr(f.`date_of_birth`, 6))) END
  FROM (SELECT g.*, CASE WHEN g.`trained` IS NULL THEN g.`supervised` WHEN g.`supervised` IS NULL OR g.`trained` <= g.`supervised` THEN g.`trained` ELSE g.`supervised` END AS `first`
        FROM (SELECT s.`id`, s.`institution_id`, s.`sex`, s.`date_of_birth`,
                     (SELECT min(a.`attended_on`) FROM `enrolments` e JOIN `training_attendance` a ON a.`enrolment_id` = e.`id` WHERE e.`staff_member_id` = s.`id`) AS `trained`,
                     (SELECT min(ss.`held_on`) FROM `support_session_attendees` sa JOIN `support_sessions` ss ON ss.`id` = sa.`session_id` WHERE sa.`staff_member_id` = s.`id`) AS `supervised`
              FROM `staff_members` s WHERE s.`id` IN (SELECT `staff_member_id` FROM `support_session_attendees` WHERE `session_id` = NEW.`id`)) g) f
  WHERE f.`first` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_housing_insert` AFTER INSERT ON `housing_units` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'PLACES_CREATED' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'PLACES_CREATED', h.`id`, h.`institution_id`, h.`opened_on`, coalesce(h.`capacity_at_opening`, h.`capacity`), '||', NULL
  FROM `housing_units` h WHERE h.`id` IN (NEW.`id`) AND h.`status` <> 'planned' AND h.`opened_on` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_housing_update` AFTER UPDATE OF `institution_id`, `status`, `opened_on`, `capacity`, `capacity_at_opening` ON `housing_units` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'PLACES_CREATED' AND `subject_id` IN (OLD.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'PLACES_CREATED', h.`id`, h.`institution_id`, h.`opened_on`, coalesce(h.`capacity_at_opening`, h.`capacity`), '||', NULL
  FROM `housing_units` h WHERE h.`id` IN (OLD.`id`) AND h.`status` <> 'planned' AND h.`opened_on` IS NOT NULL;
  DELETE FROM `counting_moments` WHERE `indicator` = 'PLACES_CREATED' AND `subject_id` IN (NEW.`id`);
  INSERT INTO `counting_moments` (`indicator`, `subject_id`, `institution_id`, `moment_on`, `weight`, `cat`, `age`)
  SELECT 'PLACES_CREATED', h.`id`, h.`institution_id`, h.`opened_on`, coalesce(h.`capacity_at_opening`, h.`capacity`), '||', NULL
  FROM `housing_units` h WHERE h.`id` IN (NEW.`id`) AND h.`status` <> 'planned' AND h.`opened_on` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `counting_housing_delete` AFTER DELETE ON `housing_units` BEGIN
  DELETE FROM `counting_moments` WHERE `indicator` = 'PLACES_CREATED' AND `subject_id` IN (OLD.`id`);
END;
