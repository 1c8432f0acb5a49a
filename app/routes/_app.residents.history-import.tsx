import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CsvImportPage, type CsvImportPageConfig } from "#app/components/csv-import";
import { csvImportAction, csvImportLoader, type CsvImportSpec } from "#app/modules/csv/route.server";
import {
  RESIDENT_HISTORY_FIELDS,
  RESIDENT_HISTORY_HELP,
  residentHistoryLabel,
  type ResidentHistoryField,
} from "#app/modules/history/fields";
import {
  commitResidentHistory,
  previewResidentHistory,
  residentHistoryColumns,
  residentHistoryHeader,
  type ResidentOutcome,
} from "#app/modules/history/residents.server";
import { isValidDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { revalidateOnConflict } from "#app/utils/revalidate";

/**
 * Import of residents' histories (issue #14 item 3): an organisation that starts mid-way brings
 * each resident's key dates; every row is replayed through the transition workflow. The same
 * two steps as the CSV imports (check the file, then confirm); see docs/history-import.md.
 */
export const handle = { titleKey: "history.residents.title" };

interface PageValues {
  firstName: string;
  lastName: string;
  openedOn: string;
  /** What the replay made of the row: its state and since when (none for a refused row). */
  state: string | null;
  stateSince: string | null;
}

const spec = {
  // The replay records workflow steps: only who may record them (case workers) imports them.
  permission: "write:transitions",
  columns: residentHistoryColumns,
  templateHeader: residentHistoryHeader,
  preview: previewResidentHistory,
  commit: commitResidentHistory,
  pageValues: ({ firstName, lastName, openedOn }, row) => {
    const outcome = (row.outcome ?? null) as ResidentOutcome | null;
    return { firstName, lastName, openedOn, state: outcome?.state ?? null, stateSince: outcome?.stateSince ?? null };
  },
  redirectTo: "/residents",
  doneKey: "history.residents.done",
  progressPath: "/residents/history-import",
} satisfies CsvImportSpec<ResidentHistoryField, PageValues>;

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
  csv: `/residents/history-import/template?lang=${lang}&format=csv`,
  xlsx: `/residents/history-import/template?lang=${lang}&format=xlsx`,
});

const page: CsvImportPageConfig<PageValues> = {
  titleKey: handle.titleKey,
  path: "/residents/history-import",
  fieldLabels: Object.fromEntries(RESIDENT_HISTORY_FIELDS.map((f) => [f, residentHistoryLabel(f)])),
  fieldHelp: RESIDENT_HISTORY_HELP,
  previewColumns: [
    {
      headerKey: "history.residents.fields.openedOn",
      render: (v, { locale }) => (isValidDate(v.openedOn) ? formatDate(v.openedOn, locale, "UTC") : v.openedOn),
    },
    {
      headerKey: "history.result",
      render: (v, { t, locale }) =>
        v.state
          ? t("history.stateSince", {
              state: t(`transitions.states.${v.state}`),
              since: formatDate(v.stateSince!, locale, "UTC"),
            })
          : "—",
    },
  ],
  templateFileName: "resident-history.csv",
  templates: [template("en"), template("pl"), template("bg")],
  texts: { intro: "history.residents.intro", file: "history.file", fileHint: "history.fileHint", busy: "history.busy" },
  progress: true,
  accept: ".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export default function ImportResidentHistory() {
  return <CsvImportPage config={page} />;
}
