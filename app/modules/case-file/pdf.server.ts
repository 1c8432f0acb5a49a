import type { TFunction } from "i18next";
import type { Locale } from "#db/schema/enums";
import { formatDate, formatDateTime } from "#app/utils/format";
import { createPdf } from "#app/utils/pdf.server";
import { fileSize } from "#app/modules/documents/format";
import type { ProcessingInfo } from "#app/modules/privacy/subject-access.server";
import type { CaseFile } from "./service.server";

const MARGIN = 45;
const FOOTER_SPACE = 26;

type Writer = Awaited<ReturnType<typeof createPdf>> & {
  t: TFunction;
  locale: Locale;
  date: (d: string | null | undefined) => string;
  at: (iso: string) => string;
};

/**
 * The sections of the case file, in order. Each writes its heading and content. A new kind of
 * record is one more function here (case notes: after `services`, from `CaseFile.notes`).
 */
const SECTIONS: ((w: Writer, f: CaseFile) => void)[] = [
  personal,
  assessment,
  plan,
  consent,
  placements,
  visits,
  services,
  historySection,
  documents,
];

/**
 * A resident's case file as a print-ready PDF (A4), in the user's language: personal data,
 * needs assessment, plan, consent, placements, follow-up visits, community services, the
 * history of the transition and the list of documents. Every page's footer names the person and
 * says the file holds special-category personal data.
 */
export async function caseFilePdf(
  t: TFunction,
  locale: Locale,
  file: CaseFile,
  /** Given: the copy for the person (GDPR art. 15), with recipients, retention and rights. */
  processing?: ProcessingInfo,
): Promise<Buffer> {
  const r = file.resident;
  const name = r.anonymisedAt ? t("retention.anonymisedName") : `${r.firstName} ${r.lastName}`;
  const pdf = await createPdf({
    title: `${t("caseFile.title")} — ${name} (${r.code})`,
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    sizes: { h1: 17, h2: 12.5, h3: 10.5, body: 9.5 },
  });
  const w: Writer = {
    ...pdf,
    t,
    locale,
    date: (d) => (d ? formatDate(d, locale) : "—"),
    at: (iso) => formatDateTime(iso, locale, file.institution.timeZone),
  };
  w.h1(`${t(processing ? "subjectAccess.title" : "caseFile.title")}: ${name}`);
  w.p(`${r.code} · ${file.institution.name}`);
  w.p(t("caseFile.generated", { date: w.date(file.generatedOn), who: file.generatedBy }));
  for (const section of SECTIONS) section(w, file);
  if (processing) processingSection(w, processing);
  pdf.footer(
    `${name} (${r.code}) · ${t("caseFile.confidential")}`,
    (page, pages) => t("common.pageOf", { page, pages }),
    MARGIN,
  );
  pdf.doc.end();
  return pdf.done;
}

function personal(w: Writer, f: CaseFile) {
  const { t } = w;
  const r = f.resident;
  w.h2(t("residents.personTitle"));
  w.line(t("residents.code"), r.code);
  if (r.anonymisedAt) w.line(t("retention.anonymisedOn"), w.at(r.anonymisedAt));
  else {
    w.line(t("residents.firstName"), r.firstName);
    w.line(t("residents.lastName"), r.lastName);
  }
  w.line(t("residents.sex"), r.sex ? t(`residents.sexes.${r.sex}`) : t("residents.missing"));
  // An anonymised record's stored date is a stand-in keeping the age bands (decision 042), never shown.
  if (!r.anonymisedAt)
    w.line(t("residents.dateOfBirth"), r.dateOfBirth ? w.date(r.dateOfBirth) : t("residents.missing"));
  w.line(t("residents.targetGroup"), t(`residents.targetGroups.${r.targetGroup}`));
  w.line(t("residents.disability"), t(`residents.disabilities.${r.disability}`));
  w.line(t("residents.legalCapacity"), t(`residents.legalCapacities.${r.legalCapacity}`));
  if (r.guardianName)
    w.line(t("residents.guardianName"), `${r.guardianName}${r.guardianDecision ? ` (${r.guardianDecision})` : ""}`);
  if (r.guardianContact) w.line(t("residents.guardianContact"), r.guardianContact);
  if (r.admissionDate) w.line(t("residents.admissionDate"), w.date(r.admissionDate));
  if (r.supportNeeds) w.line(t("residents.supportNeeds"), r.supportNeeds);
  w.line(t("transitions.openedOn"), w.date(f.transition.openedOn));
  w.line(
    t("residents.state"),
    `${t(`transitions.states.${f.transition.state}`)} ${t("transitions.since", { date: w.date(f.transition.stateSince) })}`,
  );
}

function assessment(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.assessment.title"));
  const a = f.assessment;
  if (!a) return void w.p(t("transitions.assessment.none"));
  w.p(
    a.completedOn
      ? t("transitions.assessment.completed", { date: w.date(a.completedOn), by: a.completedByName ?? "—" })
      : t("transitions.assessment.draft"),
  );
  w.line(t("transitions.assessment.overall"), t(`transitions.intensities.${a.overallIntensity}`));
  if (a.summary) w.line(t("transitions.assessment.summary"), a.summary);
  w.table(
    [
      { header: t("transitions.assessment.domain"), width: 150 },
      { header: t("transitions.assessment.intensity"), width: 110 },
      { header: t("transitions.assessment.notes"), width: w.usable - 260 },
    ],
    a.domains.map((d) => [
      t(`transitions.domains.${d.domain}`),
      d.intensity ? t(`transitions.intensities.${d.intensity}`) : t("transitions.assessment.notAssessed"),
      d.notes,
    ]),
  );
}

function plan(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.plan.title"));
  const p = f.plan;
  if (!p) return void w.p(t("transitions.plan.none"));
  w.line(t("transitions.plan.writtenOn"), `${w.date(p.writtenOn)}${p.preparedByName ? ` — ${p.preparedByName}` : ""}`);
  w.line(
    t("caseFile.planStatus"),
    p.status === "approved"
      ? `${t("transitions.plan.approved", { date: w.date(p.approvedOn) })}${p.approvedByName ? ` — ${p.approvedByName}` : ""}`
      : t("transitions.plan.draft"),
  );
  w.line(t("transitions.plan.goals"), p.goals);
  w.line(t("transitions.plan.supportNeeded"), p.supportNeeded);
  w.line(
    t("transitions.plan.housingPreference"),
    p.housingPreference ? t(`catalogues.housing.${p.housingPreference}`) : t("common.notKnown"),
  );
  w.line(
    t("transitions.plan.plannedServices"),
    (p.plannedServices as string[]).map((s) => t(`catalogues.services.${s}`)).join("; ") || "—",
  );
}

function consent(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.consent.title"));
  if (f.consents.length === 0) return void w.p(t("transitions.consent.none"));
  for (const c of f.consents) {
    const who = `${t(`transitions.consent.givers.${c.givenBy}`)}${c.guardianName ? ` (${c.guardianName})` : ""}`;
    w.p(
      `• ${t("transitions.consent.given", { who, date: w.date(c.givenOn) })}` +
        `${c.documentRef ? ` ${t("transitions.consent.documentRef")}: ${c.documentRef}.` : ""}` +
        `${c.withdrawnOn ? ` ${t("transitions.consent.withdrawnOn")}: ${w.date(c.withdrawnOn)}.` : ""}`,
    );
  }
}

function placements(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.placement.title"));
  if (f.placements.length === 0) return void w.p(t("transitions.placement.none"));
  const col = (w.usable - 190) / 5;
  w.table(
    [
      { header: t("transitions.placement.unit"), width: 190 },
      { header: t("transitions.placement.status"), width: col },
      { header: t("transitions.placement.reservedOn"), width: col },
      { header: t("transitions.placement.expiresOn"), width: col },
      { header: t("transitions.placement.movedInOn"), width: col },
      { header: t("transitions.placement.endedOn"), width: col },
    ],
    f.placements.map(({ placement: p, unitName, housingType, address }) => [
      `${unitName} (${t(`catalogues.housing.${housingType}`)})${address ? `, ${address}` : ""}`,
      t(`transitions.placement.statuses.${p.status}`),
      w.date(p.reservedOn),
      p.status === "reserved" && p.expiresOn && p.expiresOn < f.generatedOn
        ? t("housing.expiredOn", { date: w.date(p.expiresOn) })
        : w.date(p.expiresOn),
      w.date(p.movedInOn),
      w.date(p.endedOn),
    ]),
  );
}

function visits(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.visits.title"));
  if (f.visits.length === 0) return void w.p(t("transitions.visits.none"));
  w.table(
    [
      { header: t("transitions.visits.when"), width: 120 },
      { header: t("transitions.visits.dueOn"), width: 70 },
      { header: t("transitions.visits.visitedOn"), width: 70 },
      { header: t("transitions.visits.findings"), width: (w.usable - 260) / 2 },
      { header: t("transitions.visits.actions"), width: (w.usable - 260) / 2 },
    ],
    f.visits.map((v) => [
      t("transitions.visits.monthsAfter", { count: v.monthsAfterMove }),
      w.date(v.dueOn),
      w.date(v.visitedOn),
      v.findings ?? "",
      v.actions ?? "",
    ]),
  );
}

function services(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.services.title"));
  if (f.services.length === 0) return void w.p(t("transitions.services.none"));
  w.table(
    [
      { header: t("transitions.services.type"), width: 170 },
      { header: t("transitions.services.provider"), width: w.usable - 390 },
      { header: t("transitions.services.startOn"), width: 70 },
      { header: t("transitions.services.endOn"), width: 70 },
      { header: t("transitions.services.hoursPerWeek"), width: 80, align: "right" },
    ],
    f.services.map((s) => [
      t(`catalogues.services.${s.serviceType}`),
      s.provider,
      w.date(s.startOn),
      w.date(s.endOn),
      s.hoursPerWeek == null ? "—" : String(s.hoursPerWeek),
    ]),
  );
  const entries = f.services.flatMap((s) => s.deliveries.map((d) => ({ s, d })));
  if (entries.length === 0) return;
  w.h2(t("hours.title"));
  w.table(
    [
      { header: t("transitions.services.type"), width: 170 },
      { header: t("hours.deliveredOn"), width: 70 },
      { header: t("hours.hours"), width: 50, align: "right" },
      { header: t("hours.note"), width: w.usable - 290 },
    ],
    entries.map(({ s, d }) => [
      t(`catalogues.services.${s.serviceType}`),
      w.date(d.deliveredOn),
      String(d.hours),
      [
        d.note ?? "",
        d.removed ? `(${t("hours.removedBadge")}: ${d.reason ?? ""})` : "",
        !d.removed && d.earlier.length ? `(${t("hours.correctedBadge")}: ${d.reason ?? ""})` : "",
      ]
        .filter(Boolean)
        .join(" "),
    ]),
  );
}

function historySection(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("transitions.timeline"));
  if (f.history.length === 0) return void w.p(t("transitions.noEvents"));
  w.table(
    [
      { header: t("caseFile.on"), width: 70 },
      { header: t("caseFile.entry"), width: w.usable - 220 },
      { header: t("caseFile.recorded"), width: 150 },
    ],
    f.history.map((item) => {
      if (item.kind === "note") {
        const corrected = item.earlier.length > 0 ? ` [${t("notes.correctedBadge")}]` : "";
        return [
          w.date(item.occurredOn),
          `${t("notes.title")}: ${item.body}${corrected}`,
          `${item.authorName ?? "—"}, ${w.at(item.recordedAt)}`,
        ];
      }
      const recorded = `${item.actorName ?? "—"}, ${w.at(item.recordedAt)}`;
      if (item.kind === "document") {
        const removed = item.removed
          ? ` — ${t("documents.removedBy", { who: item.removed.by ?? "—", at: w.at(item.removed.at), reason: item.removed.reason ?? "" })}`
          : "";
        return [
          w.date(item.on),
          `${t("documents.timelineEntry", { kind: t(`documents.kinds.${item.documentKind}`) })}: ${item.fileName}${removed}`,
          recorded,
        ];
      }
      if (item.kind === "fact") {
        const previously =
          item.previousOn && item.previousOn !== item.on
            ? ` (${t("transitions.history.previously", { date: w.date(item.previousOn) })})`
            : "";
        return [w.date(item.on), `${t(`transitions.history.facts.${item.action}`)}${previously}`, recorded];
      }
      if (item.type === "VOID") {
        return [
          w.date(item.on),
          `${t("transitions.corrections.voidEntry")} — ${t(`transitions.events.${item.replaces!.type}`)}, ${w.date(item.replaces!.on)}${item.reason ? `. ${t("transitions.corrections.reasonShown", { reason: item.reason })}` : ""}`,
          recorded,
        ];
      }
      const states =
        item.fromState && item.toState
          ? `: ${t(`transitions.states.${item.fromState}`)} → ${t(`transitions.states.${item.toState}`)}`
          : "";
      const status =
        item.status === "superseded"
          ? ` [${t("transitions.corrections.supersededBadge")}]`
          : item.status === "voided"
            ? ` [${t("transitions.corrections.voidedBadge")}]`
            : "";
      const extra = [item.note, item.reason ? t("transitions.corrections.reasonShown", { reason: item.reason }) : null]
        .filter(Boolean)
        .join(" ");
      return [
        w.date(item.on),
        `${t(`transitions.events.${item.type}`)}${states}${status}${extra ? `. ${extra}` : ""}`,
        recorded,
      ];
    }),
  );
}

function documents(w: Writer, f: CaseFile) {
  const { t } = w;
  w.h2(t("documents.title"));
  if (f.documents.length === 0) return void w.p(t("documents.none"));
  w.table(
    [
      { header: t("documents.kind"), width: 120 },
      { header: t("documents.documentOn"), width: 70 },
      { header: t("documents.file"), width: w.usable - 340 },
      { header: t("caseFile.uploaded"), width: 150 },
    ],
    f.documents.map((d) => [
      `${t(`documents.kinds.${d.kind}`)}${d.step ? ` (${t(`transitions.events.${d.step.type}`)}, ${w.date(d.step.on)})` : ""}${d.validUntil ? `. ${t("documents.validUntilOn", { date: w.date(d.validUntil) })}` : ""}`,
      w.date(d.documentOn),
      d.removedAt
        ? `${d.fileName} — ${t("documents.removedBy", { who: d.removedByName ?? "—", at: w.at(d.removedAt), reason: d.removalReason ?? "" })}`
        : `${d.fileName} (${fileSize(d.sizeBytes, w.locale)})`,
      `${d.uploadedByName}, ${w.at(d.uploadedAt)}`,
    ]),
  );
}

/** The art. 15(1) facts beside the data: who receives them, how long they are kept, the person's rights. */
function processingSection(w: Writer, p: ProcessingInfo) {
  const { t } = w;
  w.h2(t("subjectAccess.processingTitle"));
  w.line(t("subjectAccess.purposes"), t("subjectAccess.purposesText"));
  w.line(
    t("subjectAccess.recipients"),
    p.recipients.length
      ? `${t("subjectAccess.recipientsText")} ${p.recipients.map((g) => `${g.funder} (${g.programme}, ${g.contractNumber})`).join("; ")}`
      : t("subjectAccess.noRecipients"),
  );
  w.line(
    t("subjectAccess.retention"),
    p.retention
      ? t("subjectAccess.retentionClosed", { date: w.date(p.retention.endsOn), closed: w.date(p.retention.closedOn) })
      : t("subjectAccess.retentionOpen"),
  );
  w.line(t("subjectAccess.rights"), t("subjectAccess.rightsText"));
}
