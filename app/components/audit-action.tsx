import { useTranslation } from "react-i18next";

/**
 * An audit action by its label in the reader's language (`audit.actions.<action>`, one per entry
 * of AUDIT_ACTIONS); an action missing from the catalogue is shown by its code.
 */
export function useActionLabel() {
  const { t, i18n } = useTranslation();
  return (action: string) => {
    const key = `audit.actions.${action}`;
    return i18n.exists(key) ? t(key) : action;
  };
}
