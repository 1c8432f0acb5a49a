import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / next links of a paginated list; keeps the other search parameters. */
export function Pagination({ page, total, pageSize }: { page: number; total: number; pageSize: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  return (
    <nav aria-label={t("common.pagination")} className="pagination">
      {page > 1 ? <Link to={pageLink(page - 1)}>{t("common.previous")}</Link> : null}
      <span>{t("common.pageOf", { page, pages })}</span>
      {page < pages ? <Link to={pageLink(page + 1)}>{t("common.next")}</Link> : null}
    </nav>
  );
}
