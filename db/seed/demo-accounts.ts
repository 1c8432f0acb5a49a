import type { Country, Role } from "#db/schema/enums";

/**
 * The demo sign-ins (one per role; Bulgarian case workers of the Tutrakan unit, one of whom approves
 * the plans the other writes, and of Rakitovo's patronage care, to show institution scope).
 * Created only in demo mode; the passwords are public on purpose.
 */
export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
  locale: "en" | "pl" | "bg" | null;
  /** Keys of DEMO_INSTITUTIONS this account is granted. */
  institutions: string[];
  /** A monitoring account's plan areas (keys of DEMO_MUNICIPALITIES) and whole countries (decision 033). */
  municipalities?: string[];
  countries?: Country[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "admin@demo.local",
    password: "demo-admin-2026",
    name: "Anna Administratorka",
    role: "admin",
    locale: null,
    institutions: [],
  },
  {
    email: "grupa@demo.local",
    password: "demo-grupa-2026",
    name: "Marek Nowicki",
    role: "working_group",
    locale: "pl",
    institutions: ["zg-dps"],
  },
  {
    email: "pracownik@demo.local",
    password: "demo-praca-2026",
    name: "Katarzyna Wiśniewska",
    role: "case_worker",
    locale: "pl",
    institutions: ["zg-dps"],
  },
  {
    email: "pracownik2@demo.local",
    password: "demo-praca2-2026",
    name: "Piotr Kamiński",
    role: "case_worker",
    locale: "pl",
    institutions: ["zg-dps"],
  },
  {
    email: "koordynator@demo.local",
    password: "demo-grant-2026",
    name: "Tomasz Zieliński",
    role: "grant_manager",
    locale: "pl",
    institutions: ["zg-dps"],
  },
  {
    email: "rabotnik@demo.local",
    password: "demo-rabota-2026",
    name: "Мария Петрова",
    role: "case_worker",
    locale: "bg",
    institutions: ["tutrakan-unit"],
  },
  {
    email: "rakovoditel@demo.local",
    password: "demo-zveno-2026",
    name: "Светла Георгиева",
    role: "case_worker",
    locale: "bg",
    institutions: ["tutrakan-unit"],
  },
  {
    email: "patronazh@demo.local",
    password: "demo-patronazh-2026",
    name: "Елена Стоянова",
    role: "case_worker",
    locale: "bg",
    institutions: ["rakitovo-patronage"],
  },
  {
    // A regional centre of social policy (ROPS) of the Lubuskie voivodeship: the demo's Polish plan area.
    email: "rops@demo.local",
    password: "demo-rops-2026",
    name: "Joanna Lis",
    role: "monitoring",
    locale: "pl",
    institutions: [],
    municipalities: ["zg"],
  },
  {
    // The Agency for Social Assistance (Агенция за социално подпомагане): the whole of Bulgaria.
    email: "asp@demo.local",
    password: "demo-asp-2026",
    name: "Иван Димитров",
    role: "monitoring",
    locale: "bg",
    institutions: [],
    countries: ["BG"],
  },
  {
    email: "menidzhar@demo.local",
    password: "demo-proekt-2026",
    name: "Даниела Иванова",
    role: "grant_manager",
    locale: "bg",
    institutions: ["tutrakan-unit"],
  },
];
