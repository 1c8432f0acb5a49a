import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { zoneName, type DisplayZone } from "#app/utils/format";

/** The zone of the times on a page across institutions, stated once under its heading. */
export function TimesIn({ zone }: { zone: DisplayZone }) {
  const { t, i18n } = useTranslation();
  return <p className="muted times-in">{t("common.timesIn", { zone: zoneName(zone, i18n.language as Locale) })}</p>;
}
