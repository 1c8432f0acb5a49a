import { useTranslation } from "react-i18next";
import { useRootData } from "#app/root";
import { translateMessage } from "#app/utils/message";

export function FlashMessage() {
  const { t, i18n } = useTranslation();
  const flash = useRootData()?.flash;
  if (!flash) return null;
  return (
    <div role="status" className={`flash flash-${flash.kind ?? "success"}`}>
      {translateMessage(t, flash.key, flash.values, i18n.language)}
    </div>
  );
}
