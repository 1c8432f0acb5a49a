import type { TFunction } from "i18next";
import type { Locale } from "../../../db/schema/enums";
import { HOUSING_TYPES } from "../catalogues/catalogues";
import { formatDate, formatMoney, formatNumber } from "../../utils/format";
import { createPdf } from "../../utils/pdf.server";
import type { MilestoneStatus } from "./milestones";
import type { PlanContent } from "./schemas";

export interface PlanPdfInput {
  title: string;
  area: string;
  versionNumber: number;
  state: string;
  adoption: string | null;
  content: PlanContent;
  /** Tracked action statuses (over the document's own). */
  statuses: Record<string, string>;
  milestones: {
    date: string;
    title: string;
    targets: Record<string, number>;
    actual: Record<string, number>;
    status: MilestoneStatus | null;
  }[];
  /** The consultation report: comments received with their answers, and its close (decision 038). */
  consultation?: ConsultationReport;
}

export interface ConsultationReport {
  comments: {
    receivedFrom: string;
    receivedOn: string | null;
    section: string;
    comment: string;
    response: string | null;
  }[];
  closedOn: string | null;
  summary: string | null;
}

type PdfKit = ReturnType<typeof createPdf>;

/**
 * The plan PDF's consultation report: when it closed, its summary, and each comment (who, when,
 * which part of the plan, what) with the group's answer. Nothing when the plan never went to consultation.
 */
export function consultationReportSection(
  pdf: Pick<PdfKit, "doc" | "p" | "h2">,
  t: TFunction,
  locale: Locale,
  report: ConsultationReport | undefined,
) {
  if (!report || (report.comments.length === 0 && !report.closedOn)) return;
  const { doc, p, h2 } = pdf;
  h2(t("plans.consultationReport"));
  p(
    report.closedOn
      ? t("plans.consultationClosedOn", { date: formatDate(report.closedOn, locale), count: report.comments.length })
      : t("plans.consultationOpen", { count: report.comments.filter((c) => !c.response).length }),
  );
  if (report.summary) p(report.summary);
  report.comments.forEach((c, i) => {
    doc
      .moveDown(0.2)
      .font("bold")
      .fontSize(10)
      .text(
        `${i + 1}. ${c.receivedFrom}${c.receivedOn ? `, ${formatDate(c.receivedOn, locale)}` : ""} · ${t(`plans.sections.${c.section}`)}`,
      );
    p(c.comment);
    p(`${t("plans.response")}: ${c.response ?? t("plans.unanswered")}`);
  });
}

/** The plan as a print-ready PDF (A4), in the user's language. */
export function planPdf(t: TFunction, locale: Locale, input: PlanPdfInput): Promise<Buffer> {
  const pdf = createPdf({
    title: input.title,
    margins: { top: 50, left: 50, right: 50, bottom: 50 },
    sizes: { h1: 18, h2: 13, h3: 11, body: 10 },
  });
  const { doc, done, p, line, h1, h2 } = pdf;
  const c = input.content;
  const date = (d: string | null) => (d ? formatDate(d, locale) : "—");

  h1(input.title);
  p(`${input.area} · ${t("plans.versionN", { number: input.versionNumber })} · ${input.state}`);
  if (input.adoption) p(input.adoption);
  line(t("plans.period"), `${date(c.periodFrom)} – ${date(c.periodTo)}`);
  if (c.regionalPlanLink) line(t("plans.regionalPlanLink"), c.regionalPlanLink);

  h2(t("plans.diagnosis"));
  for (const [k, v] of Object.entries(c.diagnosis.residentsByTargetGroup))
    line(t(`plans.figures.${k}`), formatNumber(v, locale));
  for (const [code, n] of Object.entries(c.diagnosis.placesByType)) {
    const kind = t(
      HOUSING_TYPES.some((h) => h.code === code) ? `catalogues.housing.${code}` : `catalogues.services.${code}`,
    );
    line(`${t("plans.figures.places")}: ${kind}`, formatNumber(n, locale));
  }
  line(t("plans.figures.staff"), formatNumber(c.diagnosis.staff, locale));
  line(t("plans.figures.waitingList"), formatNumber(c.diagnosis.waitingList, locale));
  if (c.diagnosis.text) p(c.diagnosis.text);

  h2(t("plans.goals"));
  for (const g of c.goals) {
    doc.moveDown(0.2).font("bold").fontSize(11).text(g.title);
    if (g.description) p(g.description);
    for (const a of c.actions.filter((x) => x.goalId === g.id)) {
      p(
        `• ${a.title} — ${a.owner || "—"}; ${date(a.start)} – ${date(a.deadline)}; ${formatMoney(a.budget, a.currency, locale)}` +
          `${a.fundingSource ? ` (${a.fundingSource})` : ""}; ${t(`plans.actionStatuses.${input.statuses[a.id] ?? a.status}`)}`,
      );
    }
  }

  h2(t("plans.milestones"));
  for (const m of input.milestones) {
    const targets = Object.entries(m.targets)
      .map(
        ([k, v]) => `${t(`indicators.${k}`)}: ${formatNumber(m.actual[k] ?? 0, locale)} / ${formatNumber(v, locale)}`,
      )
      .join("; ");
    p(`${date(m.date)} — ${m.title}${m.status ? ` [${t(`plans.milestoneStatuses.${m.status}`)}]` : ""}`);
    if (targets) doc.font("body").fontSize(9).text(targets, { indent: 12 });
  }

  if (c.risks.length) {
    h2(t("plans.risks"));
    for (const r of c.risks) {
      p(
        `• ${r.description} — ${t("plans.riskLine", { likelihood: t(`plans.levels.${r.likelihood}`), impact: t(`plans.levels.${r.impact}`) })}${r.mitigation ? `; ${r.mitigation}` : ""}`,
      );
    }
  }
  if (c.monitoring) {
    h2(t("plans.monitoring"));
    p(c.monitoring);
  }
  consultationReportSection(pdf, t, locale, input.consultation);
  doc.end();
  return done;
}
