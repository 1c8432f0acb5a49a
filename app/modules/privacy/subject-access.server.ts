import { eq, inArray } from "drizzle-orm";
import { documents, grantInstitutions, grants } from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { iso } from "#app/utils/time";
import { caseFile, type CaseFile } from "#app/modules/case-file/service.server";
import { retentionOf, type Retention } from "./retention.server";

/** The version of the machine-readable file's structure (docs/subject-access-export.md). */
export const SUBJECT_ACCESS_FORMAT = "di-transition/subject-access@1";

/** What art. 15(1) asks to be told beside the data: recipients and how long the data are kept. */
export interface ProcessingInfo {
  /** The grants (funders) whose reports may count the person, by pseudonymous code only. */
  recipients: { contractNumber: string; funder: string; programme: string }[];
  retention: Retention | null;
}

function processingInfo(ctx: ServiceContext, file: CaseFile): ProcessingInfo {
  const retention = retentionOf(ctx.db, { resident: file.resident, transition: file.transitionRow });
  // Closed: the grants that counted the person; open: every grant of the institution may yet.
  const grantIds = retention
    ? retention.grants.map((g) => g.grantId)
    : ctx.db
        .select({ id: grantInstitutions.grantId })
        .from(grantInstitutions)
        .where(eq(grantInstitutions.institutionId, file.resident.institutionId))
        .all()
        .map((g) => g.id);
  const ids = [...new Set(grantIds)];
  const recipients = ids.length
    ? ctx.db
        .select({ contractNumber: grants.contractNumber, funder: grants.funder, programme: grants.programme })
        .from(grants)
        .where(inArray(grants.id, ids))
        .all()
    : [];
  return { recipients, retention };
}

/** The resident's data for the art. 15 PDF: the case file and the processing facts; audited. */
export function subjectAccessFile(ctx: ServiceContext, residentId: number) {
  const file = caseFile(ctx, residentId, { action: "resident.subject_access_exported", after: { format: "pdf" } });
  return { file, processing: processingInfo(ctx, file) };
}

/** A name inside the ZIP: the document's id and its cleaned name (no folders). */
const entryName = (d: { id: number; fileName: string }) =>
  `documents/${d.id}-${(d.fileName || "document").replace(/[/\\\u0000-\u001f]/g, "_")}`;

/**
 * The resident's complete data as a ZIP (GDPR art. 15 and 20): `data.json` (structure in
 * docs/subject-access-export.md) and every document still held, under `documents/`. Audited with
 * the number of files.
 */
export async function subjectAccessZip(ctx: ServiceContext, residentId: number) {
  const file = caseFile(ctx, residentId, { action: "resident.subject_access_exported", after: { format: "zip" } });
  const processing = processingInfo(ctx, file);
  const held = ctx.db
    .select({ id: documents.id, fileName: documents.fileName, content: documents.content })
    .from(documents)
    .where(eq(documents.residentId, residentId))
    .all()
    .filter((d) => d.content);
  const paths = new Map(held.map((d) => [d.id, entryName(d)]));
  const r = file.resident;
  const anonymised = !!r.anonymisedAt;
  const data = {
    format: SUBJECT_ACCESS_FORMAT,
    generatedAt: iso(ctx.now),
    generatedBy: file.generatedBy,
    controller: { institution: file.institution.name },
    person: {
      code: r.code,
      firstName: anonymised ? null : r.firstName,
      lastName: anonymised ? null : r.lastName,
      sex: r.sex,
      // After anonymisation the stored date is a stand-in that keeps the age bands, not the person's: not given.
      dateOfBirth: anonymised ? null : r.dateOfBirth,
      targetGroup: r.targetGroup,
      disability: r.disability,
      legalCapacity: r.legalCapacity,
      guardian: r.guardianName
        ? { name: r.guardianName, contact: r.guardianContact, decision: r.guardianDecision }
        : null,
      admissionDate: r.admissionDate,
      supportNeeds: r.supportNeeds,
      anonymisedAt: r.anonymisedAt,
    },
    transition: file.transition,
    assessment: file.assessment,
    plan: file.plan,
    consents: file.consents,
    placements: file.placements,
    followUpVisits: file.visits,
    communityServices: file.services,
    history: file.history,
    documents: file.documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      documentOn: d.documentOn,
      validUntil: d.validUntil,
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      uploadedAt: d.uploadedAt,
      uploadedBy: d.uploadedByName,
      step: d.step,
      removedAt: d.removedAt,
      removedBy: d.removedByName,
      removalReason: d.removalReason,
      file: paths.get(d.id) ?? null,
    })),
    processing,
  };
  const { default: JSZip } = await import("jszip"); // loaded on first use, not at start
  const zip = new JSZip();
  zip.file("data.json", JSON.stringify(data, null, 2));
  for (const d of held) zip.file(paths.get(d.id)!, d.content!);
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { bytes, code: r.code, data };
}
