import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CsvImportPage, type CsvImportPageConfig } from "#app/components/csv-import";
import { csvImportAction, csvImportLoader, type CsvImportSpec } from "#app/modules/csv/route.server";
import {
  commitImport,
  importColumns,
  previewImport,
  templateHeader,
  type ImportField,
} from "#app/modules/residents/import.server";
import { isValidDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "residents.import.title" };

/** The preview shows a row's name, date of birth and target group: nothing more goes to the browser. */
const spec = {
  permission: "write:residents",
  columns: importColumns,
  templateHeader,
  preview: previewImport,
  commit: commitImport,
  pageValues: ({ firstName, lastName, dateOfBirth, targetGroup }) => ({
    firstName,
    lastName,
    dateOfBirth,
    targetGroup,
  }),
  redirectTo: "/residents",
  doneKey: "residents.import.done",
} satisfies CsvImportSpec<
  ImportField,
  { firstName: string; lastName: string; dateOfBirth: string; targetGroup: string }
>;

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  return csvImportLoader(request, spec);
}

export async function action({ request }: ActionFunctionArgs) {
  return csvImportAction(request, spec);
}

const TARGET_GROUP_LABEL: Record<string, string> = {
  older_person: "residents.import.targetGroups.older_person",
  person_with_disability: "residents.import.targetGroups.person_with_disability",
  mental_health_crisis: "residents.import.targetGroups.mental_health_crisis",
};

const page: CsvImportPageConfig<ReturnType<typeof spec.pageValues>> = {
  titleKey: handle.titleKey,
  path: "/residents/import",
  fieldLabels: {
    firstName: "residents.import.fields.firstName",
    lastName: "residents.import.fields.lastName",
    sex: "residents.import.fields.sex",
    dateOfBirth: "residents.import.fields.dateOfBirth",
    targetGroup: "residents.import.fields.targetGroup",
    disability: "residents.import.fields.disability",
    legalCapacity: "residents.import.fields.legalCapacity",
    guardianName: "residents.import.fields.guardianName",
    guardianContact: "residents.import.fields.guardianContact",
    guardianDecision: "residents.import.fields.guardianDecision",
    admissionDate: "residents.import.fields.admissionDate",
    supportNeeds: "residents.import.fields.supportNeeds",
  },
  fieldHelp: {
    firstName: "residents.import.help.text",
    lastName: "residents.import.help.text",
    sex: "residents.import.help.sex",
    dateOfBirth: "residents.import.help.date",
    targetGroup: "residents.import.help.targetGroup",
    disability: "residents.import.help.disability",
    legalCapacity: "residents.import.help.legalCapacity",
    guardianName: "residents.import.help.guardianName",
    guardianContact: "residents.import.help.text",
    guardianDecision: "residents.import.help.text",
    admissionDate: "residents.import.help.date",
    supportNeeds: "residents.import.help.text",
  },
  previewColumns: [
    {
      headerKey: "residents.import.fields.dateOfBirth",
      render: (v, { locale }) =>
        isValidDate(v.dateOfBirth) ? formatDate(v.dateOfBirth, locale, "UTC") : v.dateOfBirth,
    },
    {
      headerKey: "residents.import.fields.targetGroup",
      render: (v, { t }) => (TARGET_GROUP_LABEL[v.targetGroup] ? t(TARGET_GROUP_LABEL[v.targetGroup]!) : v.targetGroup),
    },
  ],
  templateFileName: "residents.csv",
};

export default function ImportResidents() {
  return <CsvImportPage config={page} />;
}
