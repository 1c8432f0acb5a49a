import type { Country } from "#db/schema/enums";

/**
 * Per-country catalogues of housing and community-service types, with their legal basis and the
 * dates they are valid (docs/domain.md). Names are translated (`catalogues.housing.<code>`,
 * `catalogues.services.<code>`); the legal basis is quoted in the country's language.
 * They live in code, reviewed like code; see docs/decisions/009-transition-machine.md.
 */
export interface CatalogueEntry {
  code: string;
  country: Country;
  legalBasis: string;
  validFrom: string | null;
  validTo: string | null;
}

export const HOUSING_TYPES = [
  {
    code: "pl_training_flat",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 53 (mieszkanie treningowe)",
    validFrom: "2023-11-01",
    validTo: null,
  },
  {
    code: "pl_assisted_flat",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 53 (mieszkanie wspomagane)",
    validFrom: "2023-11-01",
    validTo: null,
  },
  {
    code: "pl_protected_training_flat",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 53 (mieszkanie chronione treningowe, przed nowelizacją)",
    validFrom: null,
    validTo: "2023-10-31",
  },
  {
    code: "pl_protected_supported_flat",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 53 (mieszkanie chronione wspierane, przed nowelizacją)",
    validFrom: null,
    validTo: "2023-10-31",
  },
  {
    code: "bg_protected_housing",
    country: "BG",
    legalBasis: "Закон за социалните услуги (защитено жилище)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_transitional_housing",
    country: "BG",
    legalBasis: "Закон за социалните услуги (преходно жилище)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_supervised_housing",
    country: "BG",
    legalBasis: "Закон за социалните услуги (наблюдавано жилище)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_family_type_centre",
    country: "BG",
    legalBasis: "Закон за социалното подпомагане (център за настаняване от семеен тип)",
    validFrom: null,
    validTo: "2020-06-30",
  },
  {
    code: "bg_care_centre_disability",
    country: "BG",
    legalBasis: "Закон за социалните услуги (център за грижа за хора с увреждания)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_care_centre_elderly",
    country: "BG",
    legalBasis: "Закон за социалните услуги (център за грижа за възрастни хора)",
    validFrom: "2020-07-01",
    validTo: null,
  },
] as const satisfies readonly CatalogueEntry[];

export const SERVICE_TYPES = [
  {
    code: "pl_care_services",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 50 (usługi opiekuńcze)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_specialist_care_services",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 50 (specjalistyczne usługi opiekuńcze)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_community_self_help_home",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 51a (środowiskowy dom samopomocy)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_day_care_home",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 51 (dzienny dom pomocy)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_self_help_club",
    country: "PL",
    legalBasis: "Ustawa o pomocy społecznej, art. 51a (klub samopomocy)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_personal_assistance",
    country: "PL",
    legalBasis: "Program „Asystencja osobista osoby z niepełnosprawnością” (edycja roczna)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "pl_cus_coordination",
    country: "PL",
    legalBasis: "Ustawa o realizowaniu usług społecznych przez centrum usług społecznych (2019)",
    validFrom: "2019-08-19",
    validTo: null,
  },
  {
    code: "bg_assistant_support",
    country: "BG",
    legalBasis: "Закон за социалните услуги (асистентска подкрепа)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_day_care",
    country: "BG",
    legalBasis: "Закон за социалните услуги (дневна грижа)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_therapy_rehabilitation",
    country: "BG",
    legalBasis: "Закон за социалните услуги (терапия и рехабилитация)",
    validFrom: "2020-07-01",
    validTo: null,
  },
  {
    code: "bg_personal_assistance",
    country: "BG",
    legalBasis: "Закон за личната помощ",
    validFrom: "2019-09-01",
    validTo: null,
  },
  {
    code: "bg_home_helper",
    country: "BG",
    legalBasis: "ОП „Развитие на човешките ресурси“ (домашен помощник, проектна услуга)",
    validFrom: null,
    validTo: null,
  },
  {
    code: "bg_patronage_care",
    country: "BG",
    legalBasis: "ОП „Развитие на човешките ресурси“ (патронажна грижа, проектна услуга)",
    validFrom: null,
    validTo: null,
  },
] as const satisfies readonly CatalogueEntry[];

export type HousingTypeCode = (typeof HOUSING_TYPES)[number]["code"];
export type ServiceTypeCode = (typeof SERVICE_TYPES)[number]["code"];
export const HOUSING_TYPE_CODES = HOUSING_TYPES.map((h) => h.code) as [HousingTypeCode, ...HousingTypeCode[]];
export const SERVICE_TYPE_CODES = SERVICE_TYPES.map((s) => s.code) as [ServiceTypeCode, ...ServiceTypeCode[]];

/** Entries of a country valid on a date (null date: every entry of the country). */
export function validEntries<T extends CatalogueEntry>(
  entries: readonly T[],
  country: Country,
  on: string | null,
): T[] {
  return entries.filter(
    (e) => e.country === country && (!on || ((!e.validFrom || e.validFrom <= on) && (!e.validTo || on <= e.validTo))),
  );
}

export function findEntry<T extends CatalogueEntry>(entries: readonly T[], code: string): T | undefined {
  return entries.find((e) => e.code === code);
}
