import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CsvImportPage, type CsvImportPageConfig } from "#app/components/csv-import";
import { csvImportAction, csvImportLoader, type CsvImportSpec } from "#app/modules/csv/route.server";
import {
  commitStaffImport,
  previewStaffImport,
  staffImportColumns,
  staffTemplateHeader,
  type StaffImportField,
} from "#app/modules/staff/import.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/**
 * Import of an institution's staff register from a CSV file: the same two steps as the residents
 * import (check the file, then confirm). Texts that are not about staff are the residents
 * import's (residents.import.*): they say nothing about residents.
 */

/** The page title (translated in the root layout). */
export const handle = { titleKey: "staff.import.title" };

/** The preview shows a row's name and position: nothing more goes to the browser. */
const spec = {
  permission: "write:staff",
  columns: staffImportColumns,
  templateHeader: staffTemplateHeader,
  preview: previewStaffImport,
  commit: commitStaffImport,
  pageValues: ({ firstName, lastName, position }) => ({ firstName, lastName, position }),
  redirectTo: "/staff",
  doneKey: "staff.import.done",
} satisfies CsvImportSpec<StaffImportField, { firstName: string; lastName: string; position: string }>;

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  return csvImportLoader(request, spec);
}

export async function action({ request }: ActionFunctionArgs) {
  return csvImportAction(request, spec);
}

const page: CsvImportPageConfig<ReturnType<typeof spec.pageValues>> = {
  titleKey: handle.titleKey,
  path: "/staff/import",
  /** Column meanings: the labels of the staff form. */
  fieldLabels: {
    firstName: "residents.firstName",
    lastName: "residents.lastName",
    position: "staff.position",
    sex: "residents.sex",
    dateOfBirth: "residents.dateOfBirth",
    employedFrom: "staff.employedFrom",
    employedTo: "staff.employedTo",
    email: "users.email",
    phone: "staff.phone",
  },
  fieldHelp: {
    firstName: "residents.import.help.text",
    lastName: "residents.import.help.text",
    position: "residents.import.help.text",
    sex: "residents.import.help.sex",
    dateOfBirth: "residents.import.help.date",
    employedFrom: "residents.import.help.date",
    employedTo: "staff.import.help.employedTo",
    email: "staff.import.help.email",
    phone: "residents.import.help.text",
  },
  previewColumns: [{ headerKey: "staff.position", render: (v) => v.position }],
  templateFileName: "staff.csv",
};

export default function ImportStaff() {
  return <CsvImportPage config={page} />;
}
