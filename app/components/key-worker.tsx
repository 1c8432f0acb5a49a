import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The resident page's line naming the key worker, with the way to assign or hand the case over. */
export function KeyWorkerLine({
  base,
  keyWorker,
  canChange,
}: {
  base: string;
  keyWorker: { id: number; name: string } | null;
  canChange: boolean;
}) {
  const { t } = useTranslation();
  return (
    <p className="key-worker">
      {t("caseload.keyWorker")}:{" "}
      {keyWorker ? <strong>{keyWorker.name}</strong> : <span className="badge warn">{t("caseload.unassigned")}</span>}
      {canChange ? (
        <>
          {" "}
          · <Link to={`${base}/key-worker`}>{keyWorker ? t("caseload.transfer") : t("caseload.assign")}</Link>
        </>
      ) : null}
    </p>
  );
}
