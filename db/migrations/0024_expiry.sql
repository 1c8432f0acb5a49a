ALTER TABLE `placements` ADD `expires_on` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `valid_until` text;--> statement-breakpoint
CREATE INDEX `documents_referral_idx` ON `documents` (`resident_id`,`document_on`) WHERE "documents"."kind" = 'referral_decision' and "documents"."removed_at" is null;--> statement-breakpoint
-- Decision 047: "valid until" belongs to a referral decision only, and never comes before the document's date.
CREATE TRIGGER `documents_valid_until_insert` BEFORE INSERT ON `documents`
WHEN NEW.`valid_until` IS NOT NULL AND (NEW.`kind` <> 'referral_decision' OR NEW.`valid_until` < NEW.`document_on`)
BEGIN SELECT RAISE(ABORT, 'documents.valid_until: only a referral decision, not before its date'); END;--> statement-breakpoint
CREATE TRIGGER `documents_valid_until_update` BEFORE UPDATE OF `valid_until`, `kind`, `document_on` ON `documents`
WHEN NEW.`valid_until` IS NOT NULL AND (NEW.`kind` <> 'referral_decision' OR NEW.`valid_until` < NEW.`document_on`)
BEGIN SELECT RAISE(ABORT, 'documents.valid_until: only a referral decision, not before its date'); END;
