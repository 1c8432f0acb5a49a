import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CsvImportPage, type CsvImportPageConfig } from "#app/components/csv-import";
import { csvImportAction, csvImportLoader, type CsvImportSpec } from "#app/modules/csv/route.server";
import {
  STAFF_HISTORY_FIELDS,
  STAFF_HISTORY_HELP,
  staffHistoryLabel,
  type StaffHistoryField,
} from "#app/modules/history/staff-fields";
import {
  commitStaffHistory,
  previewStaffHistory,
  staffHistoryColumns,
  staffHistoryHeader,
  type StaffOutcome,
} from "#app/modules/history/staff.server";
import { formatDate } from "#app/utils/format";
import { revalidateOnConflict } from "#app/utils/revalidate";

/**
 * Import of staff histories (issue #14 item 3): training attended, supervision and psychological
 * support, the start of community work, replayed through the staff services. The same two steps
 * as the CSV imports; see docs/history-import.md.
 */
export const handle = { titleKey: "history.staff.title" };

interface PageValues {
  firstName: string;
  lastName: string;
  position: string;
  enrolmentState: string | null;
  sessions: number | null;
  communityStartOn: string | null;
}

const spec = {
  permission: "write:staff",
  columns: staffHistoryColumns,
  templateHeader: staffHistoryHeader,
  preview: previewStaffHistory,
  commit: commitStaffHistory,
  pageValues: ({ firstName, lastName, position }, row) => {
    const o = (row.outcome ?? null) as StaffOutcome | null;
    return {
      firstName,
      lastName,
      position,
      enrolmentState: o?.enrolmentState ?? null,
      sessions: o ? o.sessions : null,
      communityStartOn: o?.communityStartOn ?? null,
    };
  },
  redirectTo: "/staff",
  doneKey: "history.staff.done",
  progressPath: "/staff/history-import",
} satisfies CsvImportSpec<StaffHistoryField, PageValues>;

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  return csvImportLoader(request, spec);
}

export async function action({ request }: ActionFunctionArgs) {
  return csvImportAction(request, spec);
}

const template = (lang: "en" | "pl" | "bg") => ({
  lang,
  csv: `/staff/history-import/template?lang=${lang}&format=csv`,
  xlsx: `/staff/history-import/template?lang=${lang}&format=xlsx`,
});

const page: CsvImportPageConfig<PageValues> = {
  titleKey: handle.titleKey,
  path: "/staff/history-import",
  fieldLabels: Object.fromEntries(STAFF_HISTORY_FIELDS.map((f) => [f, staffHistoryLabel(f)])),
  fieldHelp: STAFF_HISTORY_HELP,
  previewColumns: [
    { headerKey: "staff.position", render: (v) => v.position },
    {
      headerKey: "history.result",
      render: (v, { t, locale }) => {
        if (v.sessions === null) return "—";
        const parts = [
          v.enrolmentState
            ? t("history.staff.resultTraining", { state: t(`staff.enrolmentStates.${v.enrolmentState}`) })
            : null,
          v.sessions > 0 ? t("history.staff.resultSessions", { count: v.sessions }) : null,
          v.communityStartOn
            ? t("history.staff.resultCommunity", { date: formatDate(v.communityStartOn, locale, "UTC") })
            : null,
        ].filter(Boolean);
        return parts.length ? parts.join(" · ") : t("history.staff.resultRegistered");
      },
    },
  ],
  templateFileName: "staff-history.csv",
  templates: [template("en"), template("pl"), template("bg")],
  texts: { intro: "history.staff.intro", file: "history.file", fileHint: "history.fileHint", busy: "history.busy" },
  progress: true,
  accept: ".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export default function ImportStaffHistory() {
  return <CsvImportPage config={page} />;
}
