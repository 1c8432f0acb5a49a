import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvImportProgressLoader } from "#app/modules/csv/route.server";

/** How far the user's running check or import of a residents' history is (`?job=…`; JSON, no-store). */
export async function loader({ request }: LoaderFunctionArgs) {
  return csvImportProgressLoader(request, {
    permission: "write:transitions",
    progressPath: "/residents/history-import",
  });
}
