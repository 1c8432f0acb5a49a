import bg from "./bg.json";
import en from "./en.json";
import pl from "./pl.json";

export const resources = {
  en: { common: en },
  pl: { common: pl },
  bg: { common: bg },
} as const;
