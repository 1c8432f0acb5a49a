import type { LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { requireUserWithPermission } from "#app/utils/auth.server";

export const handle = { titleKey: "offline.outbox.title" };

/**
 * What this device recorded offline (issue #17): each visit and note with its state; a refused
 * one with the server's reason, to edit or discard; a conflict with both versions, to keep mine,
 * take theirs or discard. The list lives on the device (IndexedDB): the server sends none of it.
 * Offline, the service worker's offline page shows the same screen (app/offline/ui.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "write:transitions");
  return null;
}

export default function OutboxPage() {
  const { t, i18n } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void import("#app/offline/online").then((m) => {
      if (live && root.current)
        stop = m.mountOutbox(root.current, { t: (k, v) => t(k, v), locale: i18n.language as Locale });
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [t, i18n.language]);
  return (
    <div ref={root} className="stack">
      <h1>{t("offline.outbox.title")}</h1>
    </div>
  );
}
