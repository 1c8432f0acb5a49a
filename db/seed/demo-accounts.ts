import type { Role } from "../schema/enums";

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
    email: "menidzhar@demo.local",
    password: "demo-proekt-2026",
    name: "Даниела Иванова",
    role: "grant_manager",
    locale: "bg",
    institutions: ["tutrakan-unit"],
  },
];
