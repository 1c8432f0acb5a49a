import fs from "node:fs";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { initialTransition, transition as step } from "xstate";
import { HOUSING_TYPES, SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { generatePeriods } from "#app/modules/grants/periods";
import { REQUIRED_CONSENT } from "#app/modules/transitions/facts.server";
import { addMonths } from "#app/utils/dates";
import { ENROLMENT_MACHINE_VERSION, enrolmentMachine, type EnrolmentEvent } from "#machines/enrolment";
import {
  EVENT_GUARDS,
  GUARDS,
  stateName,
  TRANSITION_EVENT_TYPES,
  TRANSITION_MACHINE_VERSION,
  transitionMachine,
  type TransitionEvent,
  type TransitionFacts,
  type TransitionSnapshot,
  type TransitionState,
} from "#machines/transition";
import { rebuildCountingMoments } from "#app/modules/indicators/consistency.server";
import { registerFunctions, type Db } from "#db/client";
import * as schema from "#db/schema";
import { runMigrations } from "#db/migrate";
import type { COMPETENCE_AREAS } from "#db/schema/enums";
import {
  FOLLOW_UP_MONTHS,
  LIFE_DOMAINS,
  SUPPORT_INTENSITIES,
  type Country,
  type LegalCapacity,
} from "#db/schema/enums";

/**
 * A national-scale database for benchmarks (`npm run seed:scale`): everything scales from the
 * number of residents R — R/100 institutions, R/2 staff, R/200 housing units, about 12.5
 * transition events per resident — and is written straight into its own SQLite file with
 * prepared statements in large transactions (the services would take hours for this volume).
 *
 * The rows are what the services would have left: every history is a valid path through the real
 * transition machine (its snapshot is the machine's own, memoised per configuration), each stored
 * event carries the facts its guards judged at the moment it was recorded (the assessment, plan,
 * consent, reservation and visits are written with dates that make those facts true), placements
 * are allocated place by place over time so no unit ever holds more reservations and residents
 * than its capacity, and the machine's effects (activate/end placements, follow-up visits, ending
 * community services) appear in the sub-records.
 *
 * Deterministic: one seeded PRNG stream per purpose, a fixed "today" (SCALE_TODAY), fixed
 * instants for created_at columns and an argon2 salt derived from the seed, so the same seed
 * gives the same file content.
 */

export const SCALE_TODAY = "2026-06-30";
/** First day a transition may have been opened. */
const FIRST_OPENED = "2022-01-01";
export const SCALE_PASSWORD = "scale-password-2026";
export const SCALE_SIGN_INS = {
  admin: "admin@scale.local",
  caseWorker: "worker1@scale.local",
  grantManager: "manager1@scale.local",
  /** A national coordinator (decision 033): both countries, every plan area and institution. */
  monitoring: "monitor1@scale.local",
} as const;
export const RESIDENTS_MIN = 100;
export const RESIDENTS_MAX = 2_000_000;
export const DEFAULT_OUT = "./data/scale.db";
export const DEFAULT_SEED = 1;

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

export interface ScaleOptions {
  out: string;
  residents: number;
  seed: number;
  force: boolean;
}

export const SCALE_USAGE =
  "usage: npm run seed:scale -- --residents <100..2000000> [--out ./data/scale.db] [--seed 1] [--force]";

/** The real path of `p`, following symbolic links of the parts that exist. */
function realPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
  }
}

/** The working database the application uses (DATABASE_PATH, default ./data/app.db). */
export function workingDatabasePath(env: Record<string, string | undefined>): string {
  return env.DATABASE_PATH || "./data/app.db";
}

/**
 * Parses and checks the command line. Returns the options, or one line saying what is wrong:
 * a bad value, the working database as --out, or an existing --out without --force.
 */
export function checkArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): { options: ScaleOptions; error?: undefined } | { error: string; options?: undefined } {
  const values: Record<string, string> = {};
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--force") {
      force = true;
      continue;
    }
    const m = /^--(residents|out|seed)(?:=(.*))?$/.exec(arg);
    if (!m) return { error: `unknown argument ${JSON.stringify(arg)}; ${SCALE_USAGE}` };
    const name = m[1]!;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "") return { error: `--${name} needs a value; ${SCALE_USAGE}` };
    values[name] = value;
  }
  const residentsText = values.residents;
  if (residentsText === undefined) {
    return { error: `--residents is required: a whole number from ${RESIDENTS_MIN} to ${RESIDENTS_MAX}` };
  }
  const residents = /^\d+$/.test(residentsText) ? Number(residentsText) : NaN;
  if (!Number.isSafeInteger(residents) || residents < RESIDENTS_MIN || residents > RESIDENTS_MAX) {
    return {
      error: `--residents must be a whole number from ${RESIDENTS_MIN} to ${RESIDENTS_MAX} (got ${JSON.stringify(residentsText)})`,
    };
  }
  const seedText = values.seed ?? String(DEFAULT_SEED);
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(seed) || seed > 0xffffffff) {
    return { error: `--seed must be a whole number from 0 to 4294967295 (got ${JSON.stringify(seedText)})` };
  }
  const out = values.out ?? DEFAULT_OUT;
  const working = workingDatabasePath(env);
  if (realPath(out) === realPath(working)) {
    return {
      error: `refusing to write the scale data into the working database ${working} (DATABASE_PATH); choose another --out`,
    };
  }
  if (fs.existsSync(out) && !force) {
    return { error: `${out} already exists; --force replaces it` };
  }
  return { options: { out, residents, seed, force } };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness and dates
// ---------------------------------------------------------------------------------------------

type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: derives one independent stream per purpose from the seed. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const streamOf = (seed: number, label: string): Rng => mulberry32(hash32(`${seed}:${label}`));
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rng, p: number) => r() < p;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function weighted<T>(r: Rng, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let x = r() * total;
  for (const [v, w] of entries) {
    x -= w;
    if (x < 0) return v;
  }
  return entries[entries.length - 1]![0];
}

const MS_DAY = 86_400_000;
/** Day number (days since 1970-01-01) of a calendar date. */
const dn = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / MS_DAY;
const DAY_OFFSET = 50_000;
const dayStrings: (string | undefined)[] = [];
/** Calendar date of a day number (cached: the same few thousand days come back a million times). */
function ds(n: number): string {
  let s = dayStrings[n + DAY_OFFSET];
  if (s === undefined) {
    s = new Date(n * MS_DAY).toISOString().slice(0, 10);
    dayStrings[n + DAY_OFFSET] = s;
  }
  return s;
}
const addMonthsDn = (d: number, months: number) => dn(addMonths(ds(d), months));
const TODAY = dn(SCALE_TODAY);
const START = dn(FIRST_OPENED);
const instant = (day: number, minute: number) =>
  `${ds(day)}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00.000Z`;
/** Records (assessment, plan, consent, reservation, visit) are saved at 07:00 UTC; events are recorded from 08:00 UTC. */
const RECORD_MINUTE = 7 * 60;

// Crockford base32 without I, L, O, U, as the product's pseudonymous codes.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function uniqueCode(r: Rng, prefix: "R" | "S", taken: Set<string>): string {
  for (;;) {
    let code = `${prefix}-`;
    for (let i = 0; i < 6; i++) code += CODE_ALPHABET[Math.floor(r() * 32)];
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names and places
// ---------------------------------------------------------------------------------------------

const PL_CITIES: [string, string][] = [
  ["Warszawa", "mazowieckie"],
  ["Kraków", "małopolskie"],
  ["Łódź", "łódzkie"],
  ["Wrocław", "dolnośląskie"],
  ["Poznań", "wielkopolskie"],
  ["Gdańsk", "pomorskie"],
  ["Szczecin", "zachodniopomorskie"],
  ["Bydgoszcz", "kujawsko-pomorskie"],
  ["Lublin", "lubelskie"],
  ["Białystok", "podlaskie"],
  ["Katowice", "śląskie"],
  ["Gdynia", "pomorskie"],
  ["Częstochowa", "śląskie"],
  ["Radom", "mazowieckie"],
  ["Toruń", "kujawsko-pomorskie"],
  ["Sosnowiec", "śląskie"],
  ["Kielce", "świętokrzyskie"],
  ["Rzeszów", "podkarpackie"],
  ["Gliwice", "śląskie"],
  ["Zabrze", "śląskie"],
  ["Olsztyn", "warmińsko-mazurskie"],
  ["Bielsko-Biała", "śląskie"],
  ["Bytom", "śląskie"],
  ["Zielona Góra", "lubuskie"],
  ["Rybnik", "śląskie"],
  ["Opole", "opolskie"],
  ["Tychy", "śląskie"],
  ["Gorzów Wielkopolski", "lubuskie"],
  ["Elbląg", "warmińsko-mazurskie"],
  ["Płock", "mazowieckie"],
  ["Wałbrzych", "dolnośląskie"],
  ["Włocławek", "kujawsko-pomorskie"],
  ["Tarnów", "małopolskie"],
  ["Chorzów", "śląskie"],
  ["Koszalin", "zachodniopomorskie"],
  ["Kalisz", "wielkopolskie"],
  ["Legnica", "dolnośląskie"],
  ["Grudziądz", "kujawsko-pomorskie"],
  ["Słupsk", "pomorskie"],
  ["Nowy Sącz", "małopolskie"],
  ["Jelenia Góra", "dolnośląskie"],
  ["Siedlce", "mazowieckie"],
  ["Konin", "wielkopolskie"],
  ["Piła", "wielkopolskie"],
  ["Piotrków Trybunalski", "łódzkie"],
  ["Inowrocław", "kujawsko-pomorskie"],
  ["Lubin", "dolnośląskie"],
  ["Ostrów Wielkopolski", "wielkopolskie"],
  ["Suwałki", "podlaskie"],
  ["Stargard", "zachodniopomorskie"],
  ["Gniezno", "wielkopolskie"],
  ["Przemyśl", "podkarpackie"],
  ["Zamość", "lubelskie"],
  ["Chełm", "lubelskie"],
  ["Łomża", "podlaskie"],
  ["Pabianice", "łódzkie"],
];
const BG_TOWNS: [string, string][] = [
  ["София", "София-град"],
  ["Пловдив", "Пловдив"],
  ["Варна", "Варна"],
  ["Бургас", "Бургас"],
  ["Русе", "Русе"],
  ["Стара Загора", "Стара Загора"],
  ["Плевен", "Плевен"],
  ["Сливен", "Сливен"],
  ["Добрич", "Добрич"],
  ["Шумен", "Шумен"],
  ["Перник", "Перник"],
  ["Хасково", "Хасково"],
  ["Ямбол", "Ямбол"],
  ["Пазарджик", "Пазарджик"],
  ["Благоевград", "Благоевград"],
  ["Велико Търново", "Велико Търново"],
  ["Враца", "Враца"],
  ["Габрово", "Габрово"],
  ["Видин", "Видин"],
  ["Монтана", "Монтана"],
  ["Кърджали", "Кърджали"],
  ["Ловеч", "Ловеч"],
  ["Силистра", "Силистра"],
  ["Тутракан", "Силистра"],
  ["Търговище", "Търговище"],
  ["Разград", "Разград"],
  ["Смолян", "Смолян"],
  ["Кюстендил", "Кюстендил"],
];
const PL_STREETS = [
  "ul. Lipowa",
  "ul. Słoneczna",
  "ul. Ogrodowa",
  "ul. Parkowa",
  "ul. Kościuszki",
  "ul. Mickiewicza",
  "ul. Polna",
  "ul. Leśna",
  "ul. Szkolna",
  "ul. Kwiatowa",
  "ul. Sienkiewicza",
  "ul. Wyszyńskiego",
];
const BG_STREETS = [
  "ул. „Васил Левски“",
  "ул. „Христо Ботев“",
  "бул. „България“",
  "ул. „Иван Вазов“",
  "ул. „Раковски“",
  "ул. „Шипка“",
  "ул. „Цар Освободител“",
  "ул. „Славянска“",
];
const PL_PATRONS = [
  "św. Józefa",
  "im. Jana Pawła II",
  "„Złota Jesień”",
  "„Przystań”",
  "im. Matki Teresy",
  "„Pogodna Jesień”",
  "„Kombatant”",
  "„Dom pod Lipami”",
];
const BG_PATRONS = ["„Надежда“", "„Св. Никола“", "„Здравец“", "„Слънце“", "„Милосърдие“", "„Св. Петка“", "„Детелина“"];

const PL_WOMEN = [
  "Anna",
  "Maria",
  "Krystyna",
  "Barbara",
  "Teresa",
  "Halina",
  "Danuta",
  "Irena",
  "Janina",
  "Zofia",
  "Stanisława",
  "Jadwiga",
  "Elżbieta",
  "Helena",
  "Genowefa",
  "Czesława",
  "Wanda",
  "Alicja",
  "Bożena",
  "Grażyna",
  "Ewa",
  "Joanna",
  "Katarzyna",
  "Małgorzata",
  "Agnieszka",
  "Magdalena",
];
const PL_MEN = [
  "Jan",
  "Stanisław",
  "Tadeusz",
  "Józef",
  "Kazimierz",
  "Zbigniew",
  "Władysław",
  "Henryk",
  "Ryszard",
  "Edward",
  "Czesław",
  "Marian",
  "Bogdan",
  "Zdzisław",
  "Andrzej",
  "Jerzy",
  "Krzysztof",
  "Piotr",
  "Tomasz",
  "Marek",
  "Paweł",
  "Adam",
  "Grzegorz",
  "Wojciech",
];
const PL_SURNAMES = [
  "Nowak",
  "Kowalski",
  "Wiśniewski",
  "Wójcik",
  "Kowalczyk",
  "Kamiński",
  "Lewandowski",
  "Zieliński",
  "Szymański",
  "Woźniak",
  "Dąbrowski",
  "Kozłowski",
  "Jankowski",
  "Mazur",
  "Krawczyk",
  "Piotrowski",
  "Grabowski",
  "Pawłowski",
  "Michalski",
  "Król",
  "Wieczorek",
  "Jabłoński",
  "Wróbel",
  "Nowakowski",
  "Majewski",
  "Olszewski",
  "Stępień",
  "Malinowski",
  "Jaworski",
  "Adamczyk",
  "Dudek",
  "Nowicki",
  "Pawlak",
  "Górski",
  "Witkowski",
  "Walczak",
  "Sikora",
  "Baran",
  "Rutkowski",
  "Michalak",
  "Szewczyk",
  "Ostrowski",
  "Tomaszewski",
  "Pietrzak",
  "Zalewski",
  "Wróblewski",
  "Marciniak",
  "Jasiński",
  "Zawadzki",
  "Bąk",
];
const BG_WOMEN = [
  "Мария",
  "Иванка",
  "Йорданка",
  "Пенка",
  "Стефка",
  "Радка",
  "Петя",
  "Галина",
  "Снежана",
  "Милка",
  "Росица",
  "Донка",
  "Веселина",
  "Елена",
  "Цветанка",
  "Василка",
  "Надежда",
  "Валентина",
];
const BG_MEN = [
  "Иван",
  "Георги",
  "Димитър",
  "Петър",
  "Христо",
  "Стоян",
  "Николай",
  "Тодор",
  "Атанас",
  "Васил",
  "Йордан",
  "Кирил",
  "Стефан",
  "Пламен",
  "Борис",
  "Любомир",
];
const BG_SURNAMES = [
  "Иванов",
  "Георгиев",
  "Димитров",
  "Петров",
  "Николов",
  "Христов",
  "Стоянов",
  "Тодоров",
  "Атанасов",
  "Василев",
  "Йорданов",
  "Колев",
  "Маринов",
  "Ангелов",
  "Костадинов",
  "Попов",
  "Илиев",
  "Петков",
  "Станчев",
  "Михайлов",
];
const PL_POSITIONS = [
  "opiekun",
  "opiekunka",
  "pokojowa",
  "pielęgniarka",
  "terapeuta zajęciowy",
  "pracownik socjalny",
  "psycholog",
  "rehabilitant",
  "opiekun medyczny",
  "asystent osoby niepełnosprawnej",
];
const BG_POSITIONS = [
  "домашен помощник",
  "социален асистент",
  "медицинска сестра",
  "социален работник",
  "рехабилитатор",
  "психолог",
  "трудотерапевт",
  "санитар",
];

const plFemale = (s: string) => s.replace(/ski$/, "ska").replace(/cki$/, "cka").replace(/dzki$/, "dzka");

function personName(r: Rng, country: Country, woman: boolean): [string, string] {
  if (country === "PL") {
    const surname = pick(r, PL_SURNAMES);
    return woman ? [pick(r, PL_WOMEN), plFemale(surname)] : [pick(r, PL_MEN), surname];
  }
  const surname = pick(r, BG_SURNAMES);
  return woman ? [pick(r, BG_WOMEN), `${surname}а`] : [pick(r, BG_MEN), surname];
}

interface Texts {
  notes: Partial<Record<string, readonly string[]>>;
  goals: readonly string[];
  support: readonly string[];
  summary: string;
  findings: readonly string[];
  actions: readonly string[];
  provider: (city: string) => string;
  supportNeeds: readonly string[];
  court: (city: string, n: number, year: number) => string;
  facilitator: readonly string[];
  topics: readonly string[];
  dropReasons: readonly string[];
}

const TEXT: Record<Country, Texts> = {
  PL: {
    notes: {
      PUT_ON_HOLD: ["Pobyt w szpitalu", "Pogorszenie stanu zdrowia", "Prośba mieszkańca o przerwę"],
      RESUME: ["Powrót ze szpitala", "Stan zdrowia ustabilizowany"],
      WITHDRAW: ["Mieszkaniec rezygnuje z udziału", "Sprzeciw opiekuna prawnego"],
      REOPEN: ["Mieszkaniec ponownie wyraził chęć udziału"],
      RETURN: ["Powrót do DPS na prośbę mieszkańca", "Pogorszenie stanu zdrowia wymagające całodobowej opieki"],
      CHANGE_PLACEMENT: ["Przeprowadzka do mieszkania bliżej rodziny", "Zmiana mieszkania na dostosowane do potrzeb"],
      RECORD_DEATH: ["Zgon"],
    },
    goals: [
      "Zamieszkać w mieszkaniu wspomaganym i zachować kontakt z rodziną.",
      "Samodzielne prowadzenie gospodarstwa domowego ze wsparciem asystenta.",
      "Udział w zajęciach klubu samopomocy i życiu lokalnej społeczności.",
    ],
    support: [
      "Wsparcie w codziennych czynnościach, przypominanie o lekach.",
      "Pomoc w zakupach i sprawach urzędowych.",
      "Codzienne wizyty opiekunki, rehabilitacja dwa razy w tygodniu.",
    ],
    summary: "Ocena potrzeb przeprowadzona w DPS z udziałem mieszkańca.",
    findings: [
      "Mieszkaniec dobrze się zaadaptował.",
      "Potrzebne dodatkowe wsparcie w zakupach.",
      "Stan zdrowia stabilny, kontakt z rodziną utrzymany.",
    ],
    actions: ["Zwiększyć liczbę godzin usług opiekuńczych.", "Skontaktować się z lekarzem rodzinnym."],
    provider: (city: string) => `Miejski Ośrodek Pomocy Społecznej w ${city}`,
    supportNeeds: ["Wymaga pomocy przy lekach.", "Porusza się na wózku.", "Potrzebuje wsparcia w komunikacji."],
    court: (city: string, n: number, year: number) => `Sąd Rejonowy w ${city}, III RNs ${n}/${year % 100}`,
    facilitator: ["Dr Anna Lis, superwizor", "Regionalny Ośrodek Polityki Społecznej", "mgr Piotr Zając, psycholog"],
    topics: [
      "Omówienie przypadków",
      "Rola opiekuna w mieszkaniu wspomaganym",
      "Wypalenie zawodowe",
      "Praca z rodziną mieszkańca",
    ],
    dropReasons: ["Zmiana pracy", "Długotrwałe zwolnienie lekarskie", "Rezygnacja z przyczyn osobistych"],
  },
  BG: {
    notes: {
      PUT_ON_HOLD: ["Хоспитализация", "Влошено здравословно състояние"],
      RESUME: ["Връщане от болница"],
      WITHDRAW: ["Отказ на лицето", "Несъгласие на настойника"],
      REOPEN: ["Лицето отново желае да участва"],
      RETURN: ["Връщане в институцията по желание на лицето", "Нужда от денонощни грижи"],
      CHANGE_PLACEMENT: ["Преместване в друго жилище"],
      RECORD_DEATH: ["Починал"],
    },
    goals: [
      "Живот в защитено жилище и поддържане на връзка с близките.",
      "Самостоятелно водене на домакинство с подкрепа.",
    ],
    support: [
      "Помощ при ежедневни дейности и прием на лекарства.",
      "Подкрепа при пазаруване и административни въпроси.",
    ],
    summary: "Оценка на потребностите, извършена в институцията с участието на лицето.",
    findings: ["Лицето се е адаптирало добре.", "Нужна е допълнителна подкрепа."],
    actions: ["Увеличаване на часовете асистентска подкрепа."],
    provider: (town: string) => `Община ${town}`,
    supportNeeds: ["Нуждае се от помощ с лекарствата.", "Придвижва се с инвалидна количка."],
    court: (town: string, n: number, year: number) => `Районен съд – ${town}, гр. д. № ${n}/${year}`,
    facilitator: ["„СОНИК СТАРТ“ ООД", "Център за обществена подкрепа", "Психолог Мария Петрова"],
    topics: ["Психологическа подкрепа и супервизия", "Обсъждане на случаи", "Превенция на професионалното прегаряне"],
    dropReasons: ["Смяна на работата", "Продължителен болничен", "Лични причини"],
  },
};

// ---------------------------------------------------------------------------------------------
// Machine snapshots, memoised per configuration
// ---------------------------------------------------------------------------------------------

interface Config {
  id: number;
  snap: TransitionSnapshot;
  json: string;
  state: TransitionState;
}

/**
 * The transition machine has no context: the next snapshot depends only on the current
 * configuration (state and history) and the event type, once its guards pass. Each distinct step
 * is taken once through the real machine (`transition()`), and reused.
 */
class MachineMemo {
  private readonly configs: Config[] = [];
  private readonly byJson = new Map<string, Config>();
  private readonly edges = new Map<number, Config>();
  readonly initial: Config;

  constructor() {
    this.initial = this.config(initialTransition(transitionMachine)[0]);
  }

  private config(snap: TransitionSnapshot): Config {
    const json = JSON.stringify(transitionMachine.getPersistedSnapshot(snap));
    let c = this.byJson.get(json);
    if (!c) {
      c = { id: this.configs.length, snap, json, state: stateName(snap) };
      this.configs.push(c);
      this.byJson.set(json, c);
    }
    return c;
  }

  next(from: Config, typeIdx: number, event: TransitionEvent): Config {
    const key = from.id * 32 + typeIdx;
    let to = this.edges.get(key);
    if (!to) {
      if (!from.snap.can(event)) throw new Error(`scale: ${event.type} is not accepted in ${from.state}`);
      to = this.config(step(transitionMachine, from.snap, event)[0]);
      this.edges.set(key, to);
    }
    return to;
  }
}

/** Persisted enrolment snapshots of each state, through the real enrolment machine. */
function enrolmentSnapshots(): Record<"enrolled" | "in_progress" | "completed" | "dropped", string> {
  const facts = { today: "9999-12-31", enrolledOn: "0000-01-01", attendedSessions: 1 };
  const ev = (type: EnrolmentEvent["type"]): EnrolmentEvent => ({ type, on: "2024-01-01", facts, reason: "x" });
  const [enrolled] = initialTransition(enrolmentMachine);
  const [inProgress] = step(enrolmentMachine, enrolled, ev("ATTEND"));
  const [completed] = step(enrolmentMachine, inProgress, ev("COMPLETE"));
  const [dropped] = step(enrolmentMachine, enrolled, ev("DROP"));
  const p = (s: typeof enrolled) => JSON.stringify(enrolmentMachine.getPersistedSnapshot(s));
  return { enrolled: p(enrolled), in_progress: p(inProgress), completed: p(completed), dropped: p(dropped) };
}

// ---------------------------------------------------------------------------------------------
// Transition paths
// ---------------------------------------------------------------------------------------------

// Event type indices (TRANSITION_EVENT_TYPES order).
const SA = 0,
  CA = 1,
  SP = 2,
  SM = 3,
  RM = 4,
  CH = 5,
  CO = 6,
  HOLD = 7,
  RES = 8,
  WD = 9,
  RO = 10,
  RET = 11,
  RP = 12,
  DEATH = 13;
/** The event that moves an active transition from stage s to s + 1. */
const PROGRESS = [SA, CA, SP, SM, RM];
const ENDS_STAY = new Set([RET, DEATH]);

type Target =
  | "identified"
  | "assessment"
  | "planning"
  | "preparation"
  | "moving"
  | "in_community"
  | "completed"
  | "returned"
  | "on_hold"
  | "on_hold_moved"
  | "withdrawn"
  | "deceased";
const STAGE: Partial<Record<Target, number>> = {
  identified: 0,
  assessment: 1,
  planning: 2,
  preparation: 3,
  moving: 4,
  in_community: 5,
};
/** Days a path to the target needs at least (with its natural pace), to pick only feasible ones. */
const MIN_DAYS: Record<Target, number> = {
  identified: 0,
  assessment: 3,
  planning: 25,
  preparation: 50,
  moving: 70,
  in_community: 90,
  completed: 470,
  returned: 160,
  on_hold: 10,
  on_hold_moved: 100,
  withdrawn: 10,
  deceased: 10,
};
/** Shares of the residents whose transition does not hold a place at the end (these are scaled to fill 1 − holders). */
const FREE_WEIGHTS: [Target, number][] = [
  ["identified", 12],
  ["assessment", 13],
  ["planning", 12],
  ["preparation", 6],
  ["on_hold", 8],
  ["withdrawn", 8],
  ["returned", 6],
  ["deceased", 17],
];
/** Split of the residents still holding a place (reserved or active) at the end. */
const HOLDER_WEIGHTS: [Target, number][] = [
  ["in_community", 42],
  ["completed", 33],
  ["moving", 13],
  ["on_hold_moved", 12],
];
/** Average days per padding unit (hold/resume, withdraw/reopen, change of placement) of history. */
const PAD_DAYS = 140;

/** Natural gap before an event (days) and its minimum. */
function gapOf(r: Rng, type: number, first: boolean): [number, number] {
  switch (type) {
    case SA:
      return [int(r, 3, 45), first ? 0 : 1];
    case CA:
      return [int(r, 7, 40), 1];
    case SP:
      return [int(r, 14, 75), 3];
    case SM:
      return [int(r, 10, 90), 1];
    case RM:
      return [int(r, 7, 45), 1];
    case CH:
      return [int(r, 45, 300), 2];
    case CO:
      return [int(r, 10, 60), 1];
    case HOLD:
      return [int(r, 5, 90), first ? 0 : 1];
    case RES:
      return [int(r, 7, 90), 1];
    case WD:
      return [int(r, 5, 90), first ? 0 : 1];
    case RO:
      return [int(r, 20, 150), 1];
    case RET:
      return [int(r, 30, 330), 2];
    case RP:
      return [int(r, 14, 120), 2];
    default:
      return [int(r, 5, 240), 1];
  }
}

/** The steps of the path to a target, before padding. */
function macroPlan(r: Rng, target: Target, A: number): number[] {
  const steps: number[] = [];
  const progress = (from: number, to: number) => {
    for (let s = from; s < to; s++) steps.push(PROGRESS[s]!);
  };
  const cycles = () => {
    const n = A > 900 && chance(r, 0.03) ? 2 : A > 450 && chance(r, 0.12) ? 1 : 0;
    for (let i = 0; i < n; i++) steps.push(RET, RP, SP, SM, RM);
  };
  switch (target) {
    case "identified":
    case "assessment":
    case "planning":
    case "preparation":
    case "moving": {
      const stage = STAGE[target]!;
      if (stage >= 2 && A > 420 && chance(r, 0.1)) {
        // Moved, came back, and is being prepared again.
        progress(0, 5);
        steps.push(RET, RP);
        progress(2, stage);
      } else progress(0, stage);
      break;
    }
    case "in_community":
      progress(0, 5);
      cycles();
      break;
    case "completed":
      progress(0, 5);
      if (A > 900) cycles();
      steps.push(CO);
      break;
    case "returned":
      progress(0, 5);
      cycles();
      steps.push(RET);
      break;
    case "on_hold":
      progress(
        0,
        weighted(r, [
          [0, 3],
          [1, 4],
          [2, 3],
          [3, 2],
        ] as const),
      );
      steps.push(HOLD);
      break;
    case "on_hold_moved":
      progress(0, chance(r, 0.35) ? 4 : 5);
      steps.push(HOLD);
      break;
    case "withdrawn":
      progress(
        0,
        weighted(r, [
          [0, 3],
          [1, 4],
          [2, 3],
          [3, 2],
        ] as const),
      );
      if (chance(r, 0.15)) steps.push(HOLD);
      steps.push(WD);
      break;
    case "deceased": {
      const before = weighted(r, [
        ["early", 50],
        ["on_hold", 12],
        ["moved", A > 150 ? 12 : 0],
        ["returned", A > 200 ? 6 : 0],
        ["withdrawn", 8],
      ] as const);
      if (before === "moved") {
        progress(0, 5);
      } else if (before === "returned") {
        progress(0, 5);
        steps.push(RET);
      } else {
        progress(
          0,
          weighted(r, [
            [0, 3],
            [1, 4],
            [2, 3],
            [3, 2],
          ] as const),
        );
        if (before === "on_hold") steps.push(HOLD);
        if (before === "withdrawn") steps.push(WD);
      }
      steps.push(DEATH);
      break;
    }
  }
  return steps;
}

/** Inserts `pads` padding units at the points where the transition is active. */
function padPlan(r: Rng, steps: number[], pads: number): number[] {
  // Stage before each step (-1: not active), and at the end.
  const stages: number[] = [];
  let mode: "active" | "hold" | "withdrawn" | "returned" | "closed" = "active";
  let stage = 0;
  for (const t of steps) {
    stages.push(mode === "active" ? stage : -1);
    if (PROGRESS.includes(t) && mode === "active") stage = PROGRESS.indexOf(t) + 1;
    else if (t === HOLD) mode = "hold";
    else if (t === WD) mode = "withdrawn";
    else if (t === RET) mode = "returned";
    else if (t === RP) {
      mode = "active";
      stage = 2;
    } else if (t === CO || t === DEATH) mode = "closed";
  }
  stages.push(mode === "active" ? stage : -1);
  const open = stages.map((s, i) => (s >= 0 ? i : -1)).filter((i) => i >= 0);
  const count = new Array<number>(stages.length).fill(0);
  if (open.length > 0) for (let p = 0; p < pads; p++) count[open[Math.floor(r() * open.length)]!]!++;
  const out: number[] = [];
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    for (let k = 0; k < count[i]!; k++) {
      if (s === 5 && chance(r, 0.45)) out.push(CH);
      else if (s <= 3 && chance(r, 0.3)) out.push(WD, RO);
      else out.push(HOLD, RES);
    }
    if (i < steps.length) out.push(steps[i]!);
  }
  return out;
}

/**
 * Days (offsets from the opening) for the events, ending at `end` at the latest: natural gaps,
 * compressed towards their minimums when they do not fit. COMPLETE waits for the follow-up period
 * after the latest move. Null when even the minimums do not fit.
 */
function layout(r: Rng, types: number[], opened: number, end: number): number[] | null {
  const nat: number[] = [];
  const min: number[] = [];
  for (let i = 0; i < types.length; i++) {
    const [n, m] = gapOf(r, types[i]!, i === 0);
    nat.push(n);
    min.push(m);
  }
  const place = (k: number): number[] => {
    const days: number[] = [];
    let d = opened;
    let lastMove = -1;
    for (let i = 0; i < types.length; i++) {
      d += min[i]! + Math.floor((nat[i]! - min[i]!) * k);
      if (types[i] === CO) d = Math.max(d, addMonthsDn(lastMove, 12) + 3 + Math.floor(10 * k));
      if (types[i] === RM) lastMove = d;
      days.push(d);
    }
    return days;
  };
  for (let k = 1, tries = 0; tries < 8; tries++) {
    const days = place(k);
    const last = days.length ? days[days.length - 1]! : opened;
    if (last <= end) return days;
    k = tries === 0 ? Math.max(0, k * ((end - opened) / Math.max(1, last - opened)) * 0.95) : k * 0.5;
    if (tries === 6) k = 0;
  }
  return null;
}

interface Path {
  resident: number;
  country: Country;
  opened: number;
  types: number[];
  days: number[];
  recDays: number[];
  recMinutes: number[];
  alive: boolean[];
  /** Planned to keep a place (reserved or active) to the end. */
  holder: boolean;
  placements: SimPlacement[];
  /** Reservation day of each START_MOVE / CHANGE_PLACEMENT index. */
  reserveOn: Map<number, number>;
}

interface SimPlacement {
  unit: number;
  reservedOn: number;
  /** Index of the event needing it (START_MOVE or CHANGE_PLACEMENT). */
  forIdx: number;
  /** RECORD_MOVE / CHANGE_PLACEMENT that made it active. */
  activatedIdx: number;
  /** RECORD_DEATH that cancelled the reservation. */
  cancelledIdx: number;
  /** RETURN / RECORD_DEATH / next CHANGE_PLACEMENT that ended it. */
  endedIdx: number;
}

/** Chooses a target and builds a dated path for one resident. */
function buildPath(r: Rng, resident: number, country: Country, holdShare: number): Path {
  const A = int(r, 0, TODAY - START);
  const opened = TODAY - A;
  const weights: [Target, number][] = [];
  const free = FREE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const holders = HOLDER_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  // A target is possible only for transitions opened long enough ago: its weight is raised by
  // the share of openings for which it is possible, so that overall it keeps its share.
  const span = TODAY - START + 1;
  const possible = (t: Target) => (MIN_DAYS[t] <= A ? span / (span - MIN_DAYS[t]) : 0);
  for (const [t, w] of FREE_WEIGHTS) weights.push([t, (w / free) * (1 - holdShare) * possible(t)]);
  for (const [t, w] of HOLDER_WEIGHTS) weights.push([t, (w / holders) * holdShare * possible(t)]);
  let target = weighted(r, weights);
  const end = TODAY - Math.floor(A * r() * 0.3);
  let pads = Math.floor((A / PAD_DAYS) * (0.3 + 1.4 * r()));
  for (let attempt = 0; ; attempt++) {
    const types = padPlan(r, macroPlan(r, target, A), pads);
    const days = layout(r, types, opened, attempt < 6 ? end : TODAY);
    if (days)
      return datedPath(
        r,
        resident,
        country,
        opened,
        types,
        days,
        HOLDER_WEIGHTS.some(([t]) => t === target),
      );
    pads = Math.floor(pads / 2);
    if (attempt >= 4) target = "identified";
  }
}

function datedPath(
  r: Rng,
  resident: number,
  country: Country,
  opened: number,
  types: number[],
  days: number[],
  holder: boolean,
): Path {
  const recDays: number[] = [];
  const recMinutes: number[] = [];
  for (let i = 0; i < types.length; i++) {
    const lag = pick(r, [0, 0, 0, 1, 1, 2, 3, 5]);
    const limit = i + 1 < types.length ? days[i + 1]! : TODAY;
    const rec = Math.min(days[i]! + lag, limit);
    let minute = 8 * 60 + int(r, 0, 470);
    if (i > 0 && recDays[i - 1] === rec) minute = Math.min(959, Math.max(minute, recMinutes[i - 1]! + 1));
    recDays.push(rec);
    recMinutes.push(minute);
  }
  const reserveOn = new Map<number, number>();
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== SM && types[i] !== CH) continue;
    const from = i > 0 ? recDays[i - 1]! : opened;
    reserveOn.set(i, days[i]! - int(r, 0, Math.min(20, days[i]! - from)));
  }
  return {
    resident,
    country,
    opened,
    types,
    days,
    recDays,
    recMinutes,
    alive: types.map(() => true),
    holder,
    placements: [],
    reserveOn,
  };
}

// ---------------------------------------------------------------------------------------------
// Places in housing over time
// ---------------------------------------------------------------------------------------------

interface Slot {
  unit: number;
  opensOn: number;
  /** Booked [from, to) day intervals (to may be Infinity). */
  busy: [number, number][];
}

const slotFree = (slot: Slot, from: number, to: number) =>
  from >= slot.opensOn && slot.busy.every(([a, b]) => b <= from || a >= to);

/**
 * Allocates places to the paths of one group (the case worker's institutions of one country),
 * place by place over time: a place is taken from its reservation until the day after the event
 * that ends it (return, death, change of placement) is recorded, so no unit ever had more
 * reservations and residents than places. Paths that keep their place to the end are served
 * first, then the others fill the free time. A move that finds no free place does not happen
 * (the path stops before it: the resident waits in preparation); a change of placement that
 * finds none is dropped (the resident stays where they live).
 */
function allocatePlaces(r: Rng, paths: Path[], slots: Slot[]) {
  const nextAlive = (p: Path, from: number, types: readonly number[]) => {
    for (let j = from; j < p.types.length; j++) if (p.alive[j] && types.includes(p.types[j]!)) return j;
    return -1;
  };
  const releaseDay = (p: Path, idx: number) => (idx >= 0 ? p.recDays[idx]! + 1 : Infinity);
  const held = new Map<Path, { pl: SimPlacement; booking: [number, number] }>();

  const demand = (p: Path, idx: number) => {
    if (!p.alive[idx]) return;
    const isChange = p.types[idx] === CH;
    const current = held.get(p);
    const reservedOn = p.reserveOn.get(idx)!;
    const pl: SimPlacement = { unit: 0, reservedOn, forIdx: idx, activatedIdx: -1, cancelledIdx: -1, endedIdx: -1 };
    if (isChange) pl.activatedIdx = idx;
    else {
      const j = nextAlive(p, idx + 1, [RM, DEATH]);
      if (j >= 0 && p.types[j] === RM) pl.activatedIdx = j;
      else if (j >= 0) pl.cancelledIdx = j;
    }
    // Booked until the latest end it can have: a later change of placement may still fail.
    const lastIdx = pl.activatedIdx >= 0 ? nextAlive(p, pl.activatedIdx + 1, [RET, DEATH]) : pl.cancelledIdx;
    const to = releaseDay(p, lastIdx);
    // The free place whose next booking starts soonest after this one ends: long free spans
    // stay whole for long stays.
    let best: Slot | null = null;
    let bestSlack = Infinity;
    let ties = 0;
    for (const slot of slots) {
      if (isChange && slot.unit === current?.pl.unit) continue;
      if (!slotFree(slot, reservedOn, to)) continue;
      let next = Infinity;
      for (const [a] of slot.busy) if (a >= to && a < next) next = a;
      const slack = next - to;
      if (best === null || slack < bestSlack) {
        best = slot;
        bestSlack = slack;
        ties = 1;
      } else if (slack === bestSlack && r() * ++ties < 1) best = slot;
    }
    if (best === null) {
      if (isChange) p.alive[idx] = false;
      else for (let j = idx; j < p.types.length; j++) p.alive[j] = false;
      return;
    }
    const booking: [number, number] = [reservedOn, to];
    best.busy.push(booking);
    pl.unit = best.unit;
    if (isChange && current) {
      // The previous place is free again from the day after the change is recorded.
      current.pl.endedIdx = idx;
      current.booking[1] = releaseDay(p, idx);
    }
    if (pl.activatedIdx >= 0) pl.endedIdx = nextAlive(p, pl.activatedIdx + 1, [RET, DEATH]);
    p.placements.push(pl);
    if (pl.activatedIdx >= 0) held.set(p, { pl, booking });
    else held.delete(p);
  };

  // Those keeping their place to the end first; then the others, in the order of their reservations.
  for (const p of paths) {
    if (!p.holder) continue;
    for (const idx of [...p.reserveOn.keys()].sort((a, b) => a - b)) demand(p, idx);
  }
  const others: { p: Path; idx: number; day: number }[] = [];
  for (const p of paths) {
    if (p.holder) continue;
    for (const [idx, day] of p.reserveOn) others.push({ p, idx, day });
  }
  others.sort((a, b) => a.day - b.day || a.p.resident - b.p.resident || a.idx - b.idx);
  for (const { p, idx } of others) demand(p, idx);
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export interface ScaleSizes {
  institutions: number;
  municipalities: number;
  staff: number;
  housingUnits: number;
}

export function scaleSizes(residents: number): ScaleSizes {
  const institutions = Math.max(1, Math.round(residents / 100));
  return {
    institutions,
    municipalities: Math.ceil(institutions / 4),
    staff: Math.round(residents / 2),
    housingUnits: Math.max(1, Math.round(residents / 200)),
  };
}

export interface ScaleSummary {
  out: string;
  seconds: number;
  bytes: number;
  counts: Record<string, number>;
  states: Record<string, number>;
  signIns: typeof SCALE_SIGN_INS & { password: string };
}

export interface GenerateOptions {
  out: string;
  residents: number;
  seed?: number;
  /** Replace an existing file (else an existing file is an error). */
  force?: boolean;
  log?: (line: string) => void;
}

interface Institution {
  id: number;
  municipality: number;
  country: Country;
  kind: "residential_care_home" | "community_service_unit";
  city: string;
  name: string;
  residents: number;
  staff: number;
}

interface Unit {
  id: number;
  institution: number;
  capacity: number;
  status: "planned" | "open" | "closed";
  openedOn: number | null;
}

interface InstitutionStats {
  covered: number;
  moved: number;
  returned: number;
  inServices: number;
  staffSupported: number;
  staffToCommunity: number;
}

/** Distributes `total` over `weights` exactly (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

const FMT = new Intl.NumberFormat("en-US");

export async function generateScaleData(opts: GenerateOptions): Promise<ScaleSummary> {
  const t0 = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const R = opts.residents;
  if (!Number.isSafeInteger(R) || R < RESIDENTS_MIN || R > RESIDENTS_MAX) {
    throw new Error(`residents must be a whole number from ${RESIDENTS_MIN} to ${RESIDENTS_MAX}`);
  }
  const log = opts.log ?? (() => {});
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const phase = (text: string) => log(`[${elapsed()}] ${text}`);
  const out = opts.out;

  if (fs.existsSync(out)) {
    if (!opts.force) throw new Error(`${out} already exists; --force replaces it`);
  }
  for (const f of [out, `${out}-wal`, `${out}-shm`, `${out}.migrate-lock`]) fs.rmSync(f, { force: true });
  runMigrations(out);
  fs.rmSync(`${out}.migrate-lock`, { force: true });
  phase(`migrated ${out}`);

  const salt = new Uint8Array(16);
  const saltRng = streamOf(seed, "salt");
  for (let i = 0; i < salt.length; i++) salt[i] = Math.floor(saltRng() * 256);
  const passwordHash = await hash(SCALE_PASSWORD, { salt });

  const db = new Database(out);
  registerFunctions(db);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  // References are checked once at the end (foreign_key_check), not row by row.
  db.pragma("foreign_keys = OFF");
  // The event log's indexes are built once at the end (whatever the migrations define), not
  // updated a million times; the unique ones check the rows then.
  const deferredIndexes = db
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'transition_events' and sql is not null order by name",
    )
    .all() as { name: string; sql: string }[];
  for (const ix of deferredIndexes) db.exec(`drop index "${ix.name}"`);
  // The counting moments' triggers (decision 035) would recompute a person on every event
  // without those indexes: they are dropped for the load, the table rebuilt once, the triggers restored.
  const countingTriggers = db
    .prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'counting\\_%' escape '\\'")
    .all() as { name: string; sql: string }[];
  for (const tr of countingTriggers) db.exec(`drop trigger "${tr.name}"`);
  db.pragma("cache_size = -262144");
  db.pragma("temp_store = MEMORY");

  let pending = 0;
  db.exec("BEGIN");
  /** Commits every 50,000 rows. */
  const tick = (n = 1) => {
    pending += n;
    if (pending >= 50_000) {
      db.exec("COMMIT");
      db.exec("BEGIN");
      pending = 0;
    }
  };
  const insert = (sql: string) => {
    const stmt = db.prepare(sql);
    return (...values: unknown[]) => {
      stmt.run(...values);
      tick();
    };
  };
  const counts: Record<string, number> = {};
  const count = (table: string, n = 1) => (counts[table] = (counts[table] ?? 0) + n);

  try {
    const sizes = scaleSizes(R);
    const N = sizes.institutions;
    const M = sizes.municipalities;

    // ----- municipalities and institutions -----
    const rPlaces = streamOf(seed, "places");
    const bgMunicipalities = M >= 2 ? Math.max(1, Math.round(M * 0.2)) : 0;
    const municipalityCountry = (m: number): Country => (m >= M - bgMunicipalities ? "BG" : "PL");
    const insMunicipality = insert(
      "insert into municipalities (id, country, name, kind, region, created_at, version) values (?, ?, ?, ?, ?, ?, 1)",
    );
    const municipalityCity: string[] = [];
    const CREATED = "2021-12-01T08:00:00.000Z";
    for (let m = 0; m < M; m++) {
      const country = municipalityCountry(m);
      const list = country === "PL" ? PL_CITIES : BG_TOWNS;
      const k = country === "PL" ? m : m - (M - bgMunicipalities);
      const [city, region] = list[k % list.length]!;
      const round = Math.floor(k / list.length);
      const county = round % 2 === 1;
      const suffix = round >= 2 ? ` ${Math.floor(round / 2) + 1}` : "";
      const name =
        country === "PL"
          ? county
            ? `Powiat ${city}${suffix}`
            : `Miasto ${city}${suffix}`
          : county
            ? `Област ${city}${suffix}`
            : `Община ${city}${suffix}`;
      const kind = country === "PL" ? (county ? "powiat" : "gmina") : county ? "oblast" : "obshtina";
      municipalityCity.push(city);
      insMunicipality(m + 1, country, name, kind, region, CREATED);
    }
    count("municipalities", M);

    const institutionsList: Institution[] = [];
    for (let i = 0; i < N; i++) {
      const m = Math.floor(i / 4);
      const country = municipalityCountry(m);
      const city = municipalityCity[m]!;
      const kind = i % 10 === 9 ? "community_service_unit" : "residential_care_home";
      let name: string;
      if (country === "PL") {
        name =
          kind === "community_service_unit"
            ? `Centrum Usług Społecznych w ${city}`
            : chance(rPlaces, 0.5)
              ? `Dom Pomocy Społecznej nr ${(i % 4) + 1} w ${city}`
              : `Dom Pomocy Społecznej ${pick(rPlaces, PL_PATRONS)} w ${city}`;
      } else {
        name =
          kind === "community_service_unit"
            ? `Звено за почасово предоставяне на услуги в домашна среда – ${city}`
            : chance(rPlaces, 0.5)
              ? `Специализирана институция за пълнолетни лица ${pick(rPlaces, BG_PATRONS)} – ${city}`
              : `Дом за стари хора ${pick(rPlaces, BG_PATRONS)} – ${city}`;
      }
      institutionsList.push({ id: i + 1, municipality: m + 1, country, kind, city, name, residents: 0, staff: 0 });
    }
    // Residents live in residential care homes of varied sizes; staff work in both kinds.
    const sizeWeights = institutionsList.map((inst) =>
      inst.kind === "residential_care_home" ? 0.5 + rPlaces() * 1.1 : 0,
    );
    const residentCounts = apportion(R, sizeWeights.some((w) => w > 0) ? sizeWeights : sizeWeights.map(() => 1));
    const meanHome = R / Math.max(1, sizeWeights.filter((w) => w > 0).length);
    const staffCounts = apportion(
      sizes.staff,
      institutionsList.map((inst, i) => (inst.kind === "residential_care_home" ? residentCounts[i]! : meanHome * 0.4)),
    );
    const insInstitution = insert(
      "insert into institutions (id, municipality_id, country, kind, name, address, time_zone, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, 1)",
    );
    institutionsList.forEach((inst, i) => {
      inst.residents = residentCounts[i]!;
      inst.staff = staffCounts[i]!;
      const street = inst.country === "PL" ? pick(rPlaces, PL_STREETS) : pick(rPlaces, BG_STREETS);
      insInstitution(
        inst.id,
        inst.municipality,
        inst.country,
        inst.kind,
        inst.name,
        `${inst.city}, ${street} ${int(rPlaces, 1, 120)}`,
        inst.country === "PL" ? "Europe/Warsaw" : "Europe/Sofia",
        CREATED,
      );
    });
    count("institutions", N);
    phase(`places: ${FMT.format(M)} municipalities (${bgMunicipalities} in BG), ${FMT.format(N)} institutions`);

    // ----- users -----
    const rUsers = streamOf(seed, "users");
    const blocks = Math.ceil(N / 10);
    const grantsList: { id: number; country: Country; institutions: Institution[] }[] = [];
    for (const country of ["PL", "BG"] as const) {
      const of = institutionsList.filter((i) => i.country === country);
      for (let k = 0; k < of.length; k += 10)
        grantsList.push({ id: grantsList.length + 1, country, institutions: of.slice(k, k + 10) });
    }
    const insUser = insert(
      "insert into users (id, email, name, role, status, password_hash, locale, failed_sign_ins, created_at, updated_at, version) values (?, ?, ?, ?, 'active', ?, ?, 0, ?, ?, 1)",
    );
    const insGrantOf = insert(
      "insert into user_institutions (user_id, institution_id, granted_by, granted_at) values (?, ?, 1, ?)",
    );
    const userName = (country: Country) => personName(rUsers, country, chance(rUsers, 0.7)).join(" ");
    insUser(1, SCALE_SIGN_INS.admin, "Administrator Skali", "admin", passwordHash, null, CREATED, CREATED);
    const workerId = (block: number) => 2 + block;
    const reviewerId = (block: number) => 2 + blocks + block;
    const managerId = (grant: number) => 1 + 2 * blocks + grant;
    for (let b = 0; b < blocks; b++) {
      const members = institutionsList.slice(b * 10, b * 10 + 10);
      const country = members[0]!.country;
      const locale = country === "PL" ? "pl" : "bg";
      insUser(
        workerId(b),
        `worker${b + 1}@scale.local`,
        userName(country),
        "case_worker",
        passwordHash,
        locale,
        CREATED,
        CREATED,
      );
      for (const inst of members) insGrantOf(workerId(b), inst.id, CREATED);
    }
    // A second case worker per block approves the plans: whoever prepares a plan may not approve it.
    for (let b = 0; b < blocks; b++) {
      const members = institutionsList.slice(b * 10, b * 10 + 10);
      const country = members[0]!.country;
      insUser(
        reviewerId(b),
        `reviewer${b + 1}@scale.local`,
        userName(country),
        "case_worker",
        passwordHash,
        country === "PL" ? "pl" : "bg",
        CREATED,
        CREATED,
      );
      for (const inst of members) insGrantOf(reviewerId(b), inst.id, CREATED);
    }
    for (const g of grantsList) {
      insUser(
        managerId(g.id),
        `manager${g.id}@scale.local`,
        userName(g.country),
        "grant_manager",
        passwordHash,
        g.country === "PL" ? "pl" : "bg",
        CREATED,
        CREATED,
      );
      for (const inst of g.institutions) insGrantOf(managerId(g.id), inst.id, CREATED);
    }
    const monitorId = 2 + 2 * blocks + grantsList.length;
    insUser(
      monitorId,
      SCALE_SIGN_INS.monitoring,
      "Koordynator Krajowy",
      "monitoring",
      passwordHash,
      "pl",
      CREATED,
      CREATED,
    );
    const insArea = insert(
      "insert into user_monitoring_areas (user_id, country, granted_by, granted_at) values (?, ?, 1, ?)",
    );
    for (const country of ["PL", "BG"]) insArea(monitorId, country, CREATED);
    count("users", 2 + 2 * blocks + grantsList.length);
    count("user_institutions", 2 * N + grantsList.reduce((s, g) => s + g.institutions.length, 0));
    count("user_monitoring_areas", 2);
    phase(
      `users: 1 admin, ${FMT.format(2 * blocks)} case workers, ${FMT.format(grantsList.length)} grant managers, 1 national coordinator`,
    );

    // ----- housing units -----
    const rUnits = streamOf(seed, "units");
    const U = sizes.housingUnits;
    const units: Unit[] = [];
    const insUnit = insert(
      "insert into housing_units (id, institution_id, housing_type, name, address, operator_name, operator_kind, capacity, max_funded_users, opened_on, capacity_at_opening, status, on_institution_premises, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
    );
    for (let u = 0; u < U; u++) {
      const inst = institutionsList[Math.floor((u * N) / U)]!;
      const status = u % 12 === 7 ? "planned" : u % 12 === 11 ? "closed" : "open";
      const capacity = int(rUnits, 4, 24);
      const openedOn =
        status === "planned"
          ? null
          : status === "closed"
            ? int(rUnits, dn("2012-01-01"), dn("2020-12-31"))
            : chance(rUnits, 0.55)
              ? int(rUnits, dn("2016-01-01"), START - 1)
              : int(rUnits, START, dn("2025-12-31"));
      const types = validEntries(HOUSING_TYPES, inst.country, openedOn === null ? SCALE_TODAY : ds(openedOn));
      const type = pick(rUnits, types);
      const street = inst.country === "PL" ? pick(rUnits, PL_STREETS) : pick(rUnits, BG_STREETS);
      const flat =
        inst.country === "PL"
          ? `Mieszkanie ${type.code.includes("training") ? "treningowe" : "wspomagane"} nr ${u + 1}`
          : `Жилище № ${u + 1}`;
      const operator = weighted(rUnits, [
        ["municipality", 6],
        ["county", 2],
        ["ngo", 3],
        ["other", 1],
      ] as const);
      const operatorName =
        operator === "ngo"
          ? inst.country === "PL"
            ? "Stowarzyszenie na rzecz Osób Niepełnosprawnych"
            : "Сдружение „Шанс за независим живот“"
          : operator === "county" && inst.country === "PL"
            ? `Starostwo Powiatowe w ${inst.city}`
            : TEXT[inst.country].provider(inst.city);
      insUnit(
        u + 1,
        inst.id,
        type.code,
        flat,
        `${inst.city}, ${street} ${int(rUnits, 1, 150)}`,
        operatorName,
        operator,
        capacity,
        inst.country === "BG" && chance(rUnits, 0.5) ? capacity + int(rUnits, 0, 4) : null,
        openedOn === null ? null : ds(openedOn),
        openedOn === null ? null : capacity,
        status,
        chance(rUnits, 0.05) ? 1 : 0,
        openedOn === null ? CREATED : `${ds(Math.max(openedOn - 30, dn("2011-12-01")))}T08:00:00.000Z`,
      );
      units.push({ id: u + 1, institution: inst.id, capacity, status, openedOn });
    }
    count("housing_units", U);
    const openPlaces = units.filter((u) => u.status === "open").reduce((s, u) => s + u.capacity, 0);
    phase(`housing: ${FMT.format(U)} units, ${FMT.format(openPlaces)} places in open units`);

    // ----- residents and transitions, one group (case worker's institutions of a country) at a time -----
    const memo = new MachineMemo();
    const stats = new Map<number, InstitutionStats>(
      institutionsList.map((i) => [
        i.id,
        { covered: 0, moved: 0, returned: 0, inServices: 0, staffSupported: 0, staffToCommunity: 0 },
      ]),
    );
    const codes = new Set<string>();
    const insResident = insert(
      "insert into residents (id, institution_id, code, first_name, last_name, sex, date_of_birth, target_group, disability, legal_capacity, guardian_name, guardian_contact, guardian_decision, admission_date, support_needs, created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
    );
    const insTransition = insert(
      "insert into transitions (id, resident_id, institution_id, opened_on, state, state_since, snapshot, machine_version, case_worker_id, created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insEvent = insert(
      "insert into transition_events (id, transition_id, seq, type, event, occurred_on, recorded_at, actor_user_id, from_state, to_state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insAssessment = insert(
      "insert into needs_assessments (id, transition_id, domains, overall_intensity, summary, completed_by_name, completed_on, recorded_by, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insPlan = insert(
      "insert into transition_plans (id, transition_id, goals, support_needed, housing_preference, planned_services, status, prepared_by, approved_by, approved_on, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insConsent = insert(
      "insert into consents (id, transition_id, given_by, guardian_name, given_on, document_ref, withdrawn_on, recorded_by, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insPlacement = insert(
      "insert into placements (id, transition_id, housing_unit_id, status, reserved_on, planned_move_on, moved_in_on, ended_on, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insVisit = insert(
      "insert into follow_up_visits (id, transition_id, move_on, months_after_move, due_on, visited_on, findings, actions, recorded_by, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insService = insert(
      "insert into community_services (id, transition_id, service_type, provider, start_on, end_on, hours_per_week, recorded_by, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const ids = { resident: 0, event: 0, assessment: 0, plan: 0, consent: 0, placement: 0, visit: 0, service: 0 };

    const groups: { block: number; country: Country; institutions: Institution[]; units: Unit[] }[] = [];
    for (let b = 0; b < blocks; b++) {
      for (const country of ["PL", "BG"] as const) {
        const members = institutionsList.slice(b * 10, b * 10 + 10).filter((i) => i.country === country);
        if (members.length === 0) continue;
        const memberIds = new Set(members.map((i) => i.id));
        groups.push({
          block: b,
          country,
          institutions: members,
          units: units.filter((u) => memberIds.has(u.institution)),
        });
      }
    }

    let residentsDone = 0;
    let nextPercent = 10;
    for (const [gi, group] of groups.entries()) {
      const r = streamOf(seed, `group:${gi}`);
      const slots: Slot[] = [];
      for (const u of group.units) {
        if (u.status !== "open" || u.openedOn === null) continue;
        for (let k = 0; k < u.capacity; k++) slots.push({ unit: u.id, opensOn: u.openedOn, busy: [] });
      }
      const groupResidents = group.institutions.reduce((s, i) => s + i.residents, 0);
      const holdShare = groupResidents > 0 ? Math.min(0.25, (0.92 * slots.length) / groupResidents) : 0;
      const worker = workerId(group.block);
      const reviewer = reviewerId(group.block);
      const paths: { path: Path; inst: Institution }[] = [];
      for (const inst of group.institutions) {
        for (let k = 0; k < inst.residents; k++)
          paths.push({ path: buildPath(r, paths.length, group.country, holdShare), inst });
      }
      allocatePlaces(
        r,
        paths.map((p) => p.path),
        slots,
      );
      const texts = TEXT[group.country];
      const services = validEntries(SERVICE_TYPES, group.country, SCALE_TODAY);
      const housingNow = validEntries(HOUSING_TYPES, group.country, SCALE_TODAY);

      for (const { path: p, inst } of paths) {
        const id = ++ids.resident;
        const st = stats.get(inst.id)!;
        st.covered++;
        // Rows referring to the transition, written after it (its state is known at the end).
        const deferred: [(...values: unknown[]) => void, unknown[]][] = [];
        const defer = (f: (...values: unknown[]) => void, ...values: unknown[]) => deferred.push([f, values]);
        // ---- the resident ----
        const sexRoll = r();
        const sex = sexRoll < 0.02 ? null : sexRoll < 0.6 ? "female" : sexRoll < 0.997 ? "male" : "non_binary";
        const [firstName, lastName] = personName(
          r,
          group.country,
          sex === "female" || (sex === null && chance(r, 0.5)),
        );
        // Mostly older people (60–100, around 80), some younger adults with disabilities.
        const age = chance(r, 0.78) ? 60 + Math.min(40, Math.floor(((r() + r() + r()) / 3) * 45)) : int(r, 18, 59);
        const birth = TODAY - age * 365 - int(r, 0, 364);
        const dateOfBirth = chance(r, 0.02) ? null : ds(birth);
        const targetGroup =
          age >= 65
            ? chance(r, 0.8)
              ? "older_person"
              : "person_with_disability"
            : chance(r, 0.12)
              ? "mental_health_crisis"
              : "person_with_disability";
        const disability =
          targetGroup === "person_with_disability"
            ? chance(r, 0.9)
              ? "yes"
              : "not_disclosed"
            : weighted(r, [
                ["yes", 45],
                ["no", 25],
                ["not_disclosed", 30],
              ] as const);
        const legalCapacity: LegalCapacity = weighted(r, [
          ["full", 65],
          ["partial", 15],
          ["none", 20],
        ] as const);
        const guardianName = legalCapacity === "full" ? null : personName(r, group.country, chance(r, 0.6)).join(" ");
        const guardianDecision =
          legalCapacity === "full" ? null : texts.court(inst.city, int(r, 10, 999), int(r, 2005, 2021));
        const adult = birth + 18 * 365;
        const admission = ds(Math.min(p.opened, Math.max(adult, p.opened - int(r, 30, 25 * 365))));
        const code = uniqueCode(r, "R", codes);
        const createdAt = instant(p.opened, 8 * 60);
        insResident(
          id,
          inst.id,
          code,
          firstName,
          lastName,
          sex,
          dateOfBirth,
          targetGroup,
          disability,
          legalCapacity,
          guardianName,
          guardianName && chance(r, 0.5)
            ? group.country === "PL"
              ? `+48 6${int(r, 10000000, 99999999)}`
              : `+359 88${int(r, 1000000, 9999999)}`
            : null,
          guardianDecision,
          admission,
          chance(r, 0.3) ? pick(r, texts.supportNeeds) : null,
          createdAt,
          createdAt,
        );
        count("residents");

        // ---- the surviving path ----
        const keep: number[] = [];
        for (let i = 0; i < p.types.length; i++) if (p.alive[i]) keep.push(i);
        const T = keep.map((i) => p.types[i]!);
        const D = keep.map((i) => p.days[i]!);
        const RD = keep.map((i) => p.recDays[i]!);
        const RMIN = keep.map((i) => p.recMinutes[i]!);
        const at = new Map(keep.map((orig, k) => [orig, k]));
        const n = T.length;
        const last = n > 0 ? T[n - 1]! : -1;
        const closed = last === CO || last === DEATH;
        /** Latest day records may still be written on (none after a closing event). */
        const limit = closed ? D[n - 1]! : TODAY;
        const first = (type: number) => T.indexOf(type);
        const all = (type: number) => T.flatMap((t, k) => (t === type ? [k] : []));

        // Needs assessment.
        const sa = first(SA);
        const ca = first(CA);
        let assessmentDone: number | null = null;
        if (sa >= 0 && (ca >= 0 || (chance(r, 0.5) && D[sa]! + 2 <= limit))) {
          const created =
            ca >= 0
              ? D[sa]! + int(r, 0, Math.min(5, D[ca]! - D[sa]!))
              : int(r, D[sa]! + 1, Math.min(limit, D[sa]! + 20));
          const completed = ca >= 0 ? D[ca]! - int(r, 0, Math.min(3, D[ca]! - created)) : null;
          assessmentDone = completed;
          const domains: Record<string, { intensity: string; notes: string }> = {};
          let worst = 0;
          for (const d of LIFE_DOMAINS) {
            const level = int(r, 0, 4);
            worst = Math.max(worst, level);
            domains[d] = { intensity: SUPPORT_INTENSITIES[level]!, notes: "" };
          }
          defer(
            insAssessment,
            ++ids.assessment,
            id,
            JSON.stringify(domains),
            SUPPORT_INTENSITIES[Math.max(1, worst - int(r, 0, 1))],
            texts.summary,
            completed === null ? null : userName(group.country),
            completed === null ? null : ds(completed),
            worker,
            instant(created, RECORD_MINUTE),
            completed !== null && completed > created ? 2 : 1,
          );
          count("needs_assessments");
        }

        // Individual transition plan: drafted, approved by the second case worker, revised after a return.
        const sps = all(SP);
        const rps = all(RP);
        const planActions: { day: number; approved: boolean }[] = [];
        if (ca >= 0 && (sps.length > 0 || (chance(r, 0.65) && D[ca]! + 1 <= limit))) {
          const sp0 = sps[0];
          const created =
            sp0 !== undefined ? int(r, D[ca]!, D[sp0]! - 1) : int(r, D[ca]! + 1, Math.min(limit, D[ca]! + 40));
          planActions.push({ day: created, approved: false });
          if (sp0 !== undefined) planActions.push({ day: int(r, created, D[sp0]!), approved: true });
          else if (chance(r, 0.3))
            planActions.push({ day: int(r, created, Math.min(limit, created + 20)), approved: true });
          for (const rp of rps) {
            const nextSp = sps.find((k) => k > rp);
            if (nextSp !== undefined) {
              const revised = int(r, D[rp]!, D[nextSp]! - 1);
              planActions.push({ day: revised, approved: false }, { day: int(r, revised, D[nextSp]!), approved: true });
            } else if (chance(r, 0.6) && D[rp]! + 1 <= limit) {
              const revised = int(r, D[rp]! + 1, Math.min(limit, D[rp]! + 30));
              planActions.push({ day: revised, approved: false });
              if (chance(r, 0.3))
                planActions.push({ day: int(r, revised, Math.min(limit, revised + 20)), approved: true });
            }
          }
          const final = planActions[planActions.length - 1]!;
          defer(
            insPlan,
            ++ids.plan,
            id,
            pick(r, texts.goals),
            pick(r, texts.support),
            pick(r, housingNow).code,
            JSON.stringify([...new Set([pick(r, services).code, pick(r, services).code])]),
            final.approved ? "approved" : "draft",
            worker,
            final.approved ? reviewer : null,
            final.approved ? ds(final.day) : null,
            instant(created, RECORD_MINUTE),
            planActions.length,
          );
          count("transition_plans");
        }

        // Informed consent, as the legal capacity requires.
        let consentGiven: number | null = null;
        let consentWithdrawn: number | null = null;
        if (ca >= 0 && (sps.length > 0 || (chance(r, 0.35) && D[ca]! <= limit))) {
          consentGiven = sps.length > 0 ? int(r, D[ca]!, D[sps[0]!]!) : int(r, D[ca]!, Math.min(limit, D[ca]! + 30));
          // Withdrawn with the resident's withdrawal, after the previous event was recorded.
          const withdrawOn = Math.max(consentGiven, D[n - 1]!, n >= 2 ? RD[n - 2]! + 1 : 0);
          if (last === WD && withdrawOn <= TODAY && chance(r, 0.6)) consentWithdrawn = withdrawOn;
          defer(
            insConsent,
            ++ids.consent,
            id,
            REQUIRED_CONSENT[legalCapacity],
            legalCapacity === "full" ? null : guardianName,
            ds(consentGiven),
            group.country === "BG"
              ? `Договор № ${int(r, 1, 400)}/${ds(consentGiven).slice(0, 4)}`
              : chance(r, 0.3)
                ? `Oświadczenie nr ${int(r, 1, 300)}/${ds(consentGiven).slice(0, 4)}`
                : null,
            consentWithdrawn === null ? null : ds(consentWithdrawn),
            worker,
            instant(consentGiven, RECORD_MINUTE),
            consentWithdrawn === null ? 1 : 2,
          );
          count("consents");
        }

        // Placements from the allocation, with their indices in the surviving path.
        const placements = p.placements.map((pl) => ({
          unit: pl.unit,
          reservedOn: pl.reservedOn,
          forIdx: at.get(pl.forIdx)!,
          activated: pl.activatedIdx >= 0 ? at.get(pl.activatedIdx)! : -1,
          cancelled: pl.cancelledIdx >= 0 ? at.get(pl.cancelledIdx)! : -1,
          ended: pl.endedIdx >= 0 ? at.get(pl.endedIdx)! : -1,
        }));
        for (const pl of placements) {
          const status =
            pl.ended >= 0 ? "ended" : pl.cancelled >= 0 ? "cancelled" : pl.activated >= 0 ? "active" : "reserved";
          const plannedMove = pl.activated >= 0 ? D[pl.activated]! : D[pl.forIdx]! + int(r, 14, 60);
          defer(
            insPlacement,
            ++ids.placement,
            id,
            pl.unit,
            status,
            ds(pl.reservedOn),
            ds(plannedMove),
            pl.activated >= 0 ? ds(D[pl.activated]!) : null,
            pl.ended >= 0 ? ds(D[pl.ended]!) : pl.cancelled >= 0 ? ds(D[pl.cancelled]!) : null,
            1 + (pl.activated >= 0 ? 1 : 0) + (pl.ended >= 0 || pl.cancelled >= 0 ? 1 : 0),
          );
          count("placements");
        }

        // Follow-up visits of each move, and the community services of each stay.
        const moves = all(RM);
        const visitsOf = new Map<number, (number | null)[]>();
        for (const m of moves) {
          // The stay ends with a return or death, or the transition is completed (records close).
          const closing = T.findIndex((t, k) => k > m && (ENDS_STAY.has(t) || t === CO));
          const stayEnd = closing >= 0 && T[closing] !== CO ? closing : -1;
          const complete = closing >= 0 && T[closing] === CO ? closing : -1;
          const visitLimit = stayEnd >= 0 ? D[stayEnd]! - 1 : TODAY;
          const visited: (number | null)[] = [];
          for (const months of FOLLOW_UP_MONTHS) {
            const due = addMonthsDn(D[m]!, months);
            let on: number | null = Math.max(D[m]! + 1, due + int(r, -3, 10));
            if (complete >= 0) on = Math.min(on, D[complete]!);
            else if (on > visitLimit || chance(r, 0.06)) on = null;
            visited.push(on);
            defer(
              insVisit,
              ++ids.visit,
              id,
              ds(D[m]!),
              months,
              ds(due),
              on === null ? null : ds(on),
              on === null ? null : pick(r, texts.findings),
              on !== null && chance(r, 0.2) ? pick(r, texts.actions) : null,
              on === null ? null : worker,
              on === null ? 1 : 2,
            );
          }
          count("follow_up_visits", FOLLOW_UP_MONTHS.length);
          visitsOf.set(m, visited);
          const howMany = chance(r, 0.35) ? 2 : 1;
          for (let k = 0; k < howMany; k++) {
            const start = D[m]! + int(r, 0, 21);
            if (start > TODAY || (stayEnd >= 0 && start >= D[stayEnd]!) || (complete >= 0 && start > D[complete]!))
              continue;
            let end: number | null = chance(r, 0.2) ? start + int(r, 60, 400) : null;
            if (end !== null && end > TODAY) end = null;
            let version = 1;
            if (stayEnd >= 0 && (end === null || end > D[stayEnd]!)) {
              end = D[stayEnd]!;
              version = 2;
            }
            defer(
              insService,
              ++ids.service,
              id,
              pick(r, services).code,
              texts.provider(inst.city),
              ds(start),
              end === null ? null : ds(end),
              chance(r, 0.9) ? pick(r, [4, 6, 8, 10, 12, 15, 20, 25, 30]) : null,
              worker,
              instant(start, RECORD_MINUTE),
              version,
            );
            count("community_services");
          }
        }

        // ---- the events, with the facts the guards judged when each was recorded ----
        let config = memo.initial;
        let stateSince = p.opened;
        let lastMove = -1;
        for (let k = 0; k < n; k++) {
          const today = RD[k]!;
          let planApproved = false;
          let planApprovedOn: string | null = null;
          for (const a of planActions) {
            if (a.day > today) break;
            planApproved = a.approved;
            planApprovedOn = a.approved ? ds(a.day) : null;
          }
          const on = D[k]!;
          let placeReservedOn: string | null = null;
          for (const pl of placements) {
            const closesAt = pl.activated >= 0 ? pl.activated : pl.cancelled >= 0 ? pl.cancelled : Infinity;
            // The reservation the step acts on: the earliest still open (a later one is for the next placement).
            if (placeReservedOn === null && pl.reservedOn <= today && closesAt >= k)
              placeReservedOn = ds(pl.reservedOn);
          }
          const visits = lastMove >= 0 ? visitsOf.get(lastMove)! : [];
          const visited = visits.length > 0 && visits.every((v) => v !== null && v <= today);
          const facts: TransitionFacts = {
            today: ds(today),
            openedOn: ds(p.opened),
            previousOn: k > 0 ? ds(D[k - 1]!) : null,
            lastMoveOn: lastMove >= 0 ? ds(D[lastMove]!) : null,
            assessmentCompletedOn: assessmentDone !== null && assessmentDone <= today ? ds(assessmentDone) : null,
            planApprovedOn: planApproved ? planApprovedOn : null,
            consentGivenOn:
              consentGiven !== null &&
              consentGiven <= today &&
              consentGiven <= on &&
              !(consentWithdrawn !== null && consentWithdrawn <= on)
                ? ds(consentGiven)
                : null,
            placeReservedOn,
            followUpVisitsDoneOn: visited ? ds(Math.max(...(visits as number[]))) : null,
          };
          const type = TRANSITION_EVENT_TYPES[T[k]!]!;
          const noteChoices = texts.notes[type];
          const note = noteChoices && chance(r, 0.35) ? pick(r, noteChoices) : undefined;
          const event: TransitionEvent = { type, on: ds(D[k]!), facts, ...(note ? { note } : {}) };
          for (const g of EVENT_GUARDS[type]) {
            if (!GUARDS[g]({ event }))
              throw new Error(
                `scale: guard ${g} refuses ${type} of resident ${code} (internal error) ${JSON.stringify({ types: T.map((t) => TRANSITION_EVENT_TYPES[t]), days: D.map(ds), facts })}`,
              );
          }
          const next = memo.next(config, T[k]!, event);
          defer(
            insEvent,
            ++ids.event,
            id,
            k + 1,
            type,
            JSON.stringify(event),
            event.on,
            instant(today, RMIN[k]!),
            chance(r, 0.85) ? worker : reviewer,
            config.state,
            next.state,
          );
          if (next.state !== config.state) stateSince = D[k]!;
          config = next;
          if (T[k] === RM) {
            lastMove = k;
          }
        }
        count("transition_events", n);
        const updatedAt = n > 0 ? instant(RD[n - 1]!, RMIN[n - 1]!) : createdAt;
        insTransition(
          id,
          id,
          inst.id,
          ds(p.opened),
          config.state,
          ds(stateSince),
          config.json,
          TRANSITION_MACHINE_VERSION,
          worker,
          createdAt,
          updatedAt,
          1 + n,
        );
        for (const [f, values] of deferred) f(...values);
        count("transitions");
        if (moves.length > 0) st.moved++;
        if (T.includes(RET)) st.returned++;
        if (config.state === "in_community" || config.state === "completed") st.inServices++;
        residentsDone++;
        if (residentsDone * 100 >= nextPercent * R) {
          phase(
            `residents ${FMT.format(residentsDone)}/${FMT.format(R)} (${nextPercent}%), ${FMT.format(ids.event)} events`,
          );
          nextPercent += 10;
        }
      }
    }

    // ----- staff, training and support -----
    const rStaff = streamOf(seed, "staff");
    const modules: [string, string, string, number, (typeof COMPETENCE_AREAS)[number], string][] = [
      [
        "Assistance in supported living",
        "Asystowanie w mieszkalnictwie wspomaganym",
        "Подкрепа в защитено жилище",
        40,
        "supported_living",
        "Regionalny Ośrodek Polityki Społecznej",
      ],
      [
        "Person-centred planning",
        "Planowanie skoncentrowane na osobie",
        "Планиране, ориентирано към човека",
        16,
        "person_centred_planning",
        "Stowarzyszenie na rzecz Rozwoju Usług Społecznych",
      ],
      [
        "Home care in the community",
        "Usługi opiekuńcze w miejscu zamieszkania",
        "Грижа в домашна среда",
        24,
        "home_care",
        "Miejski Ośrodek Pomocy Społecznej",
      ],
      [
        "Mental health first aid",
        "Pierwsza pomoc w kryzysie psychicznym",
        "Първа помощ при психична криза",
        12,
        "mental_health_support",
        "Centrum Zdrowia Psychicznego",
      ],
      [
        "Personal assistance",
        "Asystencja osobista",
        "Лична помощ",
        30,
        "personal_assistance",
        "Агенция за социално подпомагане",
      ],
    ];
    const insModule = insert(
      "insert into training_modules (id, title_en, title_pl, title_bg, hours, competence_area, provider, active, created_at, version) values (?, ?, ?, ?, ?, ?, ?, 1, ?, 1)",
    );
    modules.forEach((m, i) => insModule(i + 1, m[0], m[1], m[2], m[3], m[4], m[5], "2022-08-01T08:00:00.000Z"));
    count("training_modules", modules.length);
    const insRatio = insert(
      "insert into readiness_ratios (id, subject, type_code, competence_area, staff_per_unit, version) values (?, ?, ?, ?, ?, 1)",
    );
    let ratioId = 0;
    for (const h of HOUSING_TYPES)
      insRatio(++ratioId, "housing", h.code, "supported_living", h.code.includes("training") ? 0.5 : 0.34);
    for (const s of SERVICE_TYPES)
      insRatio(
        ++ratioId,
        "service",
        s.code,
        s.code.includes("personal") ? "personal_assistance" : "home_care",
        s.code.includes("personal") ? 1 : 0.25,
      );
    count("readiness_ratios", ratioId);

    const enrolmentSnap = enrolmentSnapshots();
    const staffCodes = new Set<string>();
    const insStaff = insert(
      "insert into staff_members (id, institution_id, code, first_name, last_name, sex, date_of_birth, position, employed_from, employed_to, email, phone, community_start_on, community_service_type, community_employer, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insEnrolment = insert(
      "insert into enrolments (id, staff_member_id, module_id, institution_id, state, snapshot, machine_version, enrolled_on, completed_on, certificate_ref, dropped_on, drop_reason, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insAttendance = insert(
      "insert into training_attendance (id, enrolment_id, attended_on, hours, created_at) values (?, ?, ?, ?, ?)",
    );
    const insSession = insert(
      "insert into support_sessions (id, institution_id, kind, held_on, facilitator, topics, created_at, version) values (?, ?, ?, ?, ?, ?, ?, 1)",
    );
    const insAttendee = insert("insert into support_session_attendees (session_id, staff_member_id) values (?, ?)");
    const sid = { staff: 0, enrolment: 0, attendance: 0, session: 0 };
    const enrolFrom = dn("2022-09-01");
    const sessionsFrom = dn("2024-07-01");
    let staffDone = 0;
    nextPercent = 10;
    for (const inst of institutionsList) {
      const st = stats.get(inst.id)!;
      const texts = TEXT[inst.country];
      const services = validEntries(SERVICE_TYPES, inst.country, SCALE_TODAY);
      const staffIds: number[] = [];
      const supported = new Set<number>();
      for (let k = 0; k < inst.staff; k++) {
        const id = ++sid.staff;
        staffIds.push(id);
        const sexRoll = rStaff();
        const sex = sexRoll < 0.01 ? null : sexRoll < 0.8 ? "female" : "male";
        const [firstName, lastName] = personName(rStaff, inst.country, sex !== "male");
        const birth = chance(rStaff, 0.01) ? null : int(rStaff, dn("1961-07-01"), dn("2005-06-30"));
        const employedFrom = int(
          rStaff,
          Math.max(dn("1995-01-01"), (birth ?? dn("1975-01-01")) + 19 * 365),
          dn("2025-12-31"),
        );
        const registered = Math.max(employedFrom, dn("2021-12-01"));
        let community: number | null = null;
        if (chance(rStaff, 0.2)) community = int(rStaff, Math.max(employedFrom, START), TODAY);
        if (community !== null) st.staffToCommunity++;
        insStaff(
          id,
          inst.id,
          uniqueCode(rStaff, "S", staffCodes),
          firstName,
          lastName,
          sex,
          birth === null ? null : ds(birth),
          inst.country === "PL" ? pick(rStaff, PL_POSITIONS) : pick(rStaff, BG_POSITIONS),
          ds(employedFrom),
          null,
          null,
          null,
          community === null ? null : ds(community),
          community === null ? null : pick(rStaff, services).code,
          community === null ? null : texts.provider(inst.city),
          instant(registered, 8 * 60),
          community === null ? 1 : 2,
        );
        count("staff_members");
        // Retraining: 60 % enrolled in one to three modules.
        if (chance(rStaff, 0.6)) {
          const howMany = weighted(rStaff, [
            [1, 70],
            [2, 25],
            [3, 5],
          ] as const);
          const chosen = new Set<number>();
          while (chosen.size < howMany) chosen.add(int(rStaff, 1, modules.length));
          for (const moduleId of chosen) {
            const enrolledOn = int(rStaff, Math.max(enrolFrom, employedFrom), TODAY - 3);
            let state = weighted(rStaff, [
              ["completed", 50],
              ["in_progress", 20],
              ["enrolled", 12],
              ["dropped", 18],
            ] as const);
            const planned =
              state === "completed"
                ? int(rStaff, 2, 6)
                : state === "in_progress"
                  ? int(rStaff, 1, 4)
                  : state === "dropped"
                    ? int(rStaff, 0, 2)
                    : 0;
            const sessions: number[] = [];
            let d = enrolledOn + int(rStaff, 3, 20);
            for (let s = 0; s < planned && d <= TODAY; s++, d += int(rStaff, 7, 30)) sessions.push(d);
            let closedOn: number | null = null;
            if (state === "completed" || state === "dropped") {
              const after = sessions.length > 0 ? sessions[sessions.length - 1]! : enrolledOn;
              closedOn = after + int(rStaff, 0, 14);
              if (closedOn > TODAY) closedOn = null;
            }
            if (state === "completed" && (closedOn === null || sessions.length === 0))
              state = sessions.length > 0 ? "in_progress" : "enrolled";
            if (state === "dropped" && closedOn === null) state = sessions.length > 0 ? "in_progress" : "enrolled";
            if (state === "in_progress" && sessions.length === 0) state = "enrolled";
            if (state === "enrolled") sessions.length = 0;
            const eid = ++sid.enrolment;
            const hours = Math.round((modules[moduleId - 1]![3] / Math.max(2, planned)) * 2) / 2;
            insEnrolment(
              eid,
              id,
              moduleId,
              inst.id,
              state,
              enrolmentSnap[state],
              ENROLMENT_MACHINE_VERSION,
              ds(enrolledOn),
              state === "completed" ? ds(closedOn!) : null,
              state === "completed" && chance(rStaff, 0.7)
                ? `CERT/${ds(closedOn!).slice(0, 4)}/${String(eid).padStart(6, "0")}`
                : null,
              state === "dropped" ? ds(closedOn!) : null,
              state === "dropped" ? pick(rStaff, texts.dropReasons) : null,
              instant(enrolledOn, RECORD_MINUTE),
              1 + sessions.length + (state === "completed" || state === "dropped" ? 1 : 0),
            );
            for (const on of sessions) insAttendance(++sid.attendance, eid, ds(on), hours, instant(on, 9 * 60));
            count("enrolments");
            count("training_attendance", sessions.length);
            if (sessions.length > 0) supported.add(id);
          }
        }
        staffDone++;
        if (staffDone * 100 >= nextPercent * sizes.staff) {
          phase(`staff ${FMT.format(staffDone)}/${FMT.format(sizes.staff)} (${nextPercent}%)`);
          nextPercent += 10;
        }
      }
      // Monthly supervision or psychological support for the last two years.
      if (staffIds.length >= 2) {
        for (let month = 0; ; month++) {
          const heldOn = addMonthsDn(sessionsFrom, month) + int(rStaff, 5, 20);
          if (heldOn > TODAY) break;
          const sessionId = ++sid.session;
          insSession(
            sessionId,
            inst.id,
            month % 2 === 0 ? "supervision" : "psychological_support",
            ds(heldOn),
            pick(rStaff, texts.facilitator),
            pick(rStaff, texts.topics),
            instant(heldOn, RECORD_MINUTE),
          );
          const size = Math.min(staffIds.length, int(rStaff, 4, 15));
          const pool = staffIds.slice();
          for (let a = 0; a < size; a++) {
            const j = a + Math.floor(rStaff() * (pool.length - a));
            [pool[a], pool[j]] = [pool[j]!, pool[a]!];
            insAttendee(sessionId, pool[a]!);
            supported.add(pool[a]!);
          }
          count("support_sessions");
          count("support_session_attendees", size);
        }
      }
      st.staffSupported += supported.size;
    }

    // ----- grants -----
    const rGrants = streamOf(seed, "grants");
    const insGrant = insert(
      "insert into grants (id, contract_number, title, programme, age_scheme, funder, currency, budget_minor, starts_on, ends_on, partners, municipality_id, created_by, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
    );
    const insGrantInstitution = insert("insert into grant_institutions (grant_id, institution_id) values (?, ?)");
    const insTarget = insert(
      "insert into grant_targets (grant_id, indicator_code, unit, baseline, target) values (?, ?, ?, ?, ?)",
    );
    const insPeriod = insert(
      "insert into reporting_periods (id, grant_id, seq, starts_on, ends_on) values (?, ?, ?, ?, ?)",
    );
    let periodId = 0;
    for (const g of grantsList) {
      const pl = g.country === "PL";
      const startsOn = `2023-${String(((g.id - 1) % 12) + 1).padStart(2, "0")}-01`;
      const endsOn = chance(rGrants, 0.7) ? "2026-12-31" : "2027-06-30";
      const lead = g.institutions[0]!;
      const sum = (f: (s: InstitutionStats) => number) => g.institutions.reduce((s, i) => s + f(stats.get(i.id)!), 0);
      const residents = g.institutions.reduce((s, i) => s + i.residents, 0);
      const memberIds = new Set(g.institutions.map((i) => i.id));
      const places = units
        .filter((u) => memberIds.has(u.institution) && u.openedOn !== null && u.openedOn >= dn(startsOn))
        .reduce((s, u) => s + u.capacity, 0);
      const f = () => 0.85 + rGrants() * 0.4;
      const target = (x: number) => Math.max(1, Math.round(x * f()));
      insGrant(
        g.id,
        pl
          ? `FERS.07.05-IP.02-${String(g.id).padStart(4, "0")}/23`
          : `BG05SFPR002-2.004-${String(g.id).padStart(4, "0")}-C01`,
        pl
          ? `Deinstytucjonalizacja usług społecznych – ${lead.city} i okolice (${g.institutions.length} placówek)`
          : `Деинституционализация на социалните услуги – ${lead.city}`,
        pl
          ? "Fundusze Europejskie dla Rozwoju Społecznego 2021–2027, Działanie 07.05"
          : "Програма „Развитие на човешките ресурси“ 2021–2027",
        "esf_plus_2021_2027",
        pl ? "Ministerstwo Rodziny, Pracy i Polityki Społecznej" : "Министерство на труда и социалната политика",
        pl ? "PLN" : "BGN",
        Math.max(1, residents) * int(rGrants, 15_000, 30_000) * 100,
        startsOn,
        endsOn,
        JSON.stringify([TEXT[g.country].provider(lead.city), ...g.institutions.slice(0, 2).map((i) => i.name)]),
        lead.municipality,
        managerId(g.id),
        `${ds(dn(startsOn) - 30)}T09:00:00.000Z`,
      );
      for (const inst of g.institutions) insGrantInstitution(g.id, inst.id);
      const targets: [string, string, number][] = [
        ["RES_COVERED", "persons", target(sum((s) => s.covered) * 0.8)],
        ["RES_MOVED", "persons", target(sum((s) => s.moved))],
        ["RES_RETURNED", "persons", target(sum((s) => s.returned) * 0.5)],
        ["STAFF_SUPPORTED", "persons", target(sum((s) => s.staffSupported) * 0.8)],
        ["STAFF_TO_COMMUNITY", "persons", target(sum((s) => s.staffToCommunity))],
        ["PLACES_CREATED", "places", target(places)],
        ["IN_SERVICES", "persons", target(sum((s) => s.inServices))],
      ];
      for (const [code, unit, value] of targets) insTarget(g.id, code, unit, 0, value);
      const periods = generatePeriods({ startsOn, endsOn }, startsOn, 3);
      periods.forEach((p, i) => insPeriod(++periodId, g.id, i + 1, p.startsOn, p.endsOn));
      count("grant_targets", targets.length);
      count("reporting_periods", periods.length);
      count("grant_institutions", g.institutions.length);
    }
    count("grants", grantsList.length);
    phase(`grants: ${FMT.format(grantsList.length)} with ${FMT.format(periodId)} reporting periods`);

    db.prepare(
      "insert into audit_events (at, actor_label, action, entity_type, entity_id, before, after) values (?, 'seed:scale', 'scale.generated', 'system', null, null, ?)",
    ).run(`${SCALE_TODAY}T12:00:00.000Z`, JSON.stringify({ residents: R, seed, today: SCALE_TODAY, ...counts }));
    count("audit_events");
    db.exec("COMMIT");
  } catch (e) {
    if (db.inTransaction) db.exec("ROLLBACK");
    db.close();
    throw e;
  }

  phase(`indexing ${deferredIndexes.length} indexes of transition_events`);
  for (const ix of deferredIndexes) db.exec(ix.sql);
  phase("counting moments");
  db.exec("BEGIN");
  count("counting_moments", rebuildCountingMoments(drizzle(db, { schema }) as Db));
  for (const tr of countingTriggers) db.exec(tr.sql);
  db.exec("COMMIT");
  phase("checking references and analysing");
  const broken = db.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) {
    db.close();
    throw new Error(
      `scale: ${broken.length} rows refer to missing rows, e.g. ${JSON.stringify(broken[0])} (internal error)`,
    );
  }
  db.pragma("synchronous = NORMAL");
  db.exec("ANALYZE");
  db.pragma("optimize");
  db.pragma("wal_checkpoint(TRUNCATE)");
  const states = Object.fromEntries(
    (
      db.prepare("select state, count(*) as n from transitions group by state order by state").all() as {
        state: string;
        n: number;
      }[]
    ).map((r) => [r.state, r.n]),
  );
  db.close();
  const bytes = fs.statSync(out).size;
  const seconds = (performance.now() - t0) / 1000;
  phase(`done: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  return {
    out,
    seconds,
    bytes,
    counts,
    states,
    signIns: { ...SCALE_SIGN_INS, password: SCALE_PASSWORD },
  };
}
