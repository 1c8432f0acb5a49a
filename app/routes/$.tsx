import { data } from "@remix-run/node";
import { RouteErrorView } from "#app/components/error-page";

/** Any unknown address: the localized 404 page. */
export async function loader() {
  throw data({ messageKey: "errors.notFound.body" }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="page">
      <RouteErrorView />
    </main>
  );
}
