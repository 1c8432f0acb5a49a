import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { Label, Shown } from "#app/modules/plans/compare";
import { formatDate, formatMoney, formatNumber } from "#app/utils/format";
import { translateMessage } from "#app/utils/message";

/**
 * A labelled value in the user's language: the plan comparison's changes (decision 017) and the
 * audit log's before/after (decision 044). Fields are shown as a definition list of labels.
 */
export function ShownValue({ value }: { value: Shown | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const label = (l: Label) => translateMessage(t, l.key, l.values, i18n.language);
  if (!value) return <span className="muted">—</span>;
  switch (value.kind) {
    case "text":
      return <span className="prewrap">{value.text}</span>;
    case "number":
      return <span className="num">{formatNumber(value.n, locale)}</span>;
    case "date":
      return <span>{formatDate(value.date, locale)}</span>;
    case "money":
      return <span className="num">{formatMoney(value.amount, value.currency, locale)}</span>;
    case "label":
      return <span>{label(value.label)}</span>;
    case "fields":
      return (
        <dl className="facts compact">
          {value.fields.map((f, i) => (
            <div key={`${i}:${f.label.key}`} style={{ display: "contents" }}>
              <dt>{label(f.label)}</dt>
              <dd>
                <ShownValue value={f.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
  }
}
