import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, staffMembers } from "#db/schema";
import { decodeCsv } from "#app/modules/csv/import.server";
import {
  commitStaffImport,
  parseStaffCsv,
  previewStaffImport,
  staffTemplateHeader,
} from "#app/modules/staff/import.server";
import type { StaffInput } from "#app/modules/staff/schemas";
import { createStaffMember } from "#app/modules/staff/service.server";
import { AppError } from "#app/utils/errors";
import { freshDb, freshDbFile } from "#tests/support/db";
import { contextFor, createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";

const fixture = (name: string) =>
  new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/import", name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

function count(db: Db, table: typeof staffMembers | typeof auditEvents) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;
}

async function setup(country: "PL" | "BG" = "PL") {
  const db = freshDb();
  const inst = createInstitution(db, country === "BG" ? { country: "BG", timeZone: "Europe/Sofia" } : {});
  const other = createInstitution(db);
  const worker = await createUser(db, { role: "case_worker", institutionIds: [inst.id] });
  return { db, inst, other, ctx: contextFor(db, worker.id) };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

function member(institutionId: number, overrides: Partial<StaffInput> = {}): StaffInput {
  return {
    institutionId,
    firstName: "Anna",
    lastName: "Nowak",
    sex: "female",
    dateOfBirth: "1980-01-02",
    position: "Opiekunka",
    employedFrom: null,
    employedTo: null,
    email: "",
    phone: "",
    ...overrides,
  };
}

const EN_HEADER = "first_name,last_name,position,sex,date_of_birth,employed_from,employed_to,email,phone";

const imported = (db: Db) => db.select().from(auditEvents).where(eq(auditEvents.action, "staff_member.imported")).all();

describe("CSV import of staff: the whole file or nothing", () => {
  it("imports a good UTF-8 file with ';' and Polish headers in one go", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("staff-pl-utf8.csv");
    const preview = previewStaffImport(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ encoding: "utf-8", delimiter: ";", rowCount: 3, errorRowCount: 0, fileErrors: [] });
    expect(preview.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(count(db, staffMembers)).toBe(0); // the preview writes nothing

    const result = commitStaffImport(ctx, inst.id, bytes);
    expect(result).toMatchObject({ count: 3, encoding: "utf-8" });
    const rows = db.select().from(staffMembers).orderBy(staffMembers.id).all();
    expect(rows.map((r) => r.id)).toEqual(result.ids);
    expect(rows[0]).toMatchObject({
      institutionId: inst.id,
      firstName: "Grażyna",
      lastName: "Wróblewska",
      position: "Opiekunka środowiskowa",
      sex: "female",
      dateOfBirth: "1972-06-14",
      employedFrom: "2015-09-01",
      employedTo: null,
      email: "g.wroblewska@dps.example.pl",
      phone: "+48 600 100 200",
    });
    expect(rows[1]).toMatchObject({
      firstName: "Łukasz",
      lastName: "Żmuda",
      position: "Terapeuta zajęciowy; koordynator",
      sex: "male",
      dateOfBirth: "1985-02-28",
      employedFrom: "2019-03-01",
      employedTo: "2026-12-31",
      email: null,
      phone: null,
    });
    expect(rows[2]).toMatchObject({
      firstName: "Agnieszka",
      lastName: "Ścisło",
      sex: null,
      dateOfBirth: null,
      employedFrom: "2010-04-03",
    });
    expect(rows.every((r) => r.code.startsWith("S"))).toBe(true);

    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "staff_member.created")).all()).toHaveLength(3);
    const events = imported(db);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: "institution",
      entityId: String(inst.id),
      institutionId: inst.id,
      actorUserId: ctx.actor.id,
    });
    expect(events[0]!.after).toEqual({
      created: 3,
      rows: 3,
      encoding: "utf-8",
      delimiter: ";",
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    // The summary event holds counts, not personal data.
    expect(JSON.stringify(events[0]!.after)).not.toMatch(/Grażyna|Wróblewska|example/);
  });

  it("a file with bad rows imports nothing and says which lines and which fields", async () => {
    const { db, inst, ctx } = await setup();
    const text = [
      EN_HEADER,
      "Anna,Nowak,Opiekunka,female,1980-01-02,2010-01-01,,anna@example.pl,",
      "Jan,Kowalski,Kierowca,male,31.02.1970,,,,", // no 31 February
      "Ewa,Lis,Pielęgniarka,F,,01.06.2020,31.05.2020,,", // employed until the day before the start
      "Piotr,Zając,Kucharz,M,,,,piotr@@example,", // not an e-mail address
      "Maria,Wójcik,,X,1990-13-01,,,,", // no position, no such sex, no 13th month
    ].join("\n");
    const preview = previewStaffImport(ctx, inst.id, utf8(text));
    expect(preview).toMatchObject({ delimiter: ",", rowCount: 5, errorRowCount: 4, fileErrors: [] });
    const errs = Object.fromEntries(preview.rows.map((r) => [r.line, r.errors]));
    expect(errs[2]).toEqual({});
    expect(errs[3]).toEqual({ dateOfBirth: { key: "validation.date" } });
    expect(errs[4]).toEqual({ employedTo: { key: "validation.endBeforeStart" } });
    expect(errs[5]).toEqual({ email: { key: "validation.email" } });
    expect(Object.keys(errs[6]!).sort()).toEqual(["dateOfBirth", "position", "sex"]);
    expect(errs[6]).toMatchObject({
      position: { key: "validation.required" },
      sex: { key: "validation.invalid" },
      dateOfBirth: { key: "validation.date" },
    });
    // The typed values are shown as typed when they are not real dates; real ones as YYYY-MM-DD.
    expect(preview.rows[1]!.values).toMatchObject({ dateOfBirth: "31.02.1970" });
    expect(preview.rows[2]!.values).toMatchObject({
      employedFrom: "2020-06-01",
      employedTo: "2020-05-31",
      sex: "female",
    });

    const e = thrownBy(() => commitStaffImport(ctx, inst.id, utf8(text)));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      label: "validation",
      messageKey: "residents.import.errors.hasErrors",
      values: { count: 4 },
    });
    expect(count(db, staffMembers)).toBe(0);
    expect(count(db, auditEvents)).toBe(0);
  });

  it("reads a Windows-1250 Polish file exactly", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("staff-pl-windows-1250.csv");
    const text =
      "imię;nazwisko;stanowisko;płeć;data urodzenia;zatrudniony od\r\n" +
      "Jolanta;Kędzierska-Łoś;Pracownik socjalny;kobieta;02.02.1968;01.01.2001\r\n" +
      "Zdzisław;Ćwiąkała;Kierowca;M;;15.05.2012 r.\r\n";
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(Buffer.from(bytes).equals(iconv.encode(text, "windows-1250"))).toBe(true);
    expect(decodeCsv(bytes)).toEqual({ text, encoding: "windows-1250" });
    expect(decodeCsv(bytes, "windows-1251").encoding).toBe("windows-1250");

    const preview = previewStaffImport(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ encoding: "windows-1250", delimiter: ";", rowCount: 2, errorRowCount: 0 });
    commitStaffImport(ctx, inst.id, bytes);
    const rows = db.select().from(staffMembers).orderBy(staffMembers.id).all();
    expect(rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(["Jolanta Kędzierska-Łoś", "Zdzisław Ćwiąkała"]);
    expect(rows[0]).toMatchObject({
      sex: "female",
      dateOfBirth: "1968-02-02",
      employedFrom: "2001-01-01",
      position: "Pracownik socjalny",
    });
    expect(rows[1]).toMatchObject({ sex: "male", dateOfBirth: null, employedFrom: "2012-05-15" });
    expect(imported(db)[0]!.after).toMatchObject({ encoding: "windows-1250" });
  });

  it("reads a Windows-1251 Bulgarian file exactly", async () => {
    const { db, inst, ctx } = await setup("BG");
    const bytes = fixture("staff-bg-windows-1251.csv");
    const text =
      "Име;Фамилия;Длъжност;Пол;Дата на раждане;Назначен от;Назначен до;Имейл;Телефон\r\n" +
      "Цветелина;Щерева;Социален работник;Ж;05.11.1979 г.;01.02.2018;;tsv@example.bg;+359 88 123 4567\r\n" +
      "Йордан;Българов;Рехабилитатор;мъж;;2020-09-15;2025-06-30;;\r\n";
    expect(Buffer.from(bytes).equals(iconv.encode(text, "windows-1251"))).toBe(true);
    expect(decodeCsv(bytes)).toEqual({ text, encoding: "windows-1251" });

    const preview = previewStaffImport(ctx, inst.id, bytes, { locale: "bg" });
    expect(preview).toMatchObject({ encoding: "windows-1251", delimiter: ";", rowCount: 2, errorRowCount: 0 });
    commitStaffImport(ctx, inst.id, bytes);
    const rows = db.select().from(staffMembers).orderBy(staffMembers.id).all();
    expect(rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(["Цветелина Щерева", "Йордан Българов"]);
    expect(rows[0]).toMatchObject({
      position: "Социален работник",
      sex: "female",
      dateOfBirth: "1979-11-05",
      employedFrom: "2018-02-01",
      email: "tsv@example.bg",
      phone: "+359 88 123 4567",
    });
    expect(rows[1]).toMatchObject({
      position: "Рехабилитатор",
      sex: "male",
      employedFrom: "2020-09-15",
      employedTo: "2025-06-30",
    });
  });

  it("reports duplicates within the file and staff already registered", async () => {
    const { db, inst, other, ctx } = await setup();
    createStaffMember(ctx, member(inst.id, { firstName: "Anna", lastName: "Nowak", dateOfBirth: "1980-01-02" }));
    createStaffMember(ctx, member(inst.id, { firstName: "Ewa", lastName: "Lis", dateOfBirth: null }));
    const text = [
      EN_HEADER,
      "ANNA,nowak,Kucharka,,02.01.1980,,,,", // registered (case differs)
      "Jan,Kowalski,Kierowca,,1970-05-05,,,,",
      "Ewa,Lis,Pielęgniarka,,,,,,", // registered without a date of birth
      "Jan,Kowalski,Konserwator,,05.05.1970,,,,", // line 3 again
      "Jan,Kowalski,Kierowca,,1971-05-05,,,,", // another date of birth: not the same person
      "Ewa,Lis,Pielęgniarka,,1990-01-01,,,,", // a date of birth where the registered one has none
      "Olga,Zięba,Opiekunka,,,,,,",
      "olga, Zięba ,Opiekunka,,,,,,", // line 8 again, without a date of birth either
    ].join("\r\n");
    const preview = previewStaffImport(ctx, inst.id, utf8(text));
    const errs = Object.fromEntries(preview.rows.map((r) => [r.line, r.errors]));
    const registered = { _row: { key: "staff.import.errors.duplicate", values: { context: "registered" } } };
    expect(errs[2]).toEqual(registered);
    expect(errs[3]).toEqual({ _row: { key: "staff.import.errors.duplicate", values: { line: 5 } } });
    expect(errs[4]).toEqual(registered);
    expect(errs[5]).toEqual({ _row: { key: "staff.import.errors.duplicate", values: { line: 3 } } });
    expect(errs[6]).toEqual({});
    expect(errs[7]).toEqual({});
    expect(errs[8]).toEqual({ _row: { key: "staff.import.errors.duplicate", values: { line: 9 } } });
    expect(errs[9]).toEqual({ _row: { key: "staff.import.errors.duplicate", values: { line: 8 } } });
    expect(preview.errorRowCount).toBe(6);
    expect(() => commitStaffImport(ctx, inst.id, utf8(text))).toThrowError(/hasErrors/);
    expect(count(db, staffMembers)).toBe(2);

    // Registered in another institution is not a duplicate here.
    const admin = await createUser(db, { role: "admin" });
    const p2 = previewStaffImport(
      contextFor(db, admin.id),
      other.id,
      utf8(`${EN_HEADER}\nAnna,Nowak,Kucharka,,1980-01-02,,,,\n`),
    );
    expect(p2.errorRowCount).toBe(0);
  });

  it("a missing required column, or an unknown one, is a file-level error", async () => {
    const { db, inst, ctx } = await setup();
    const noPosition = utf8("imię;nazwisko;płeć\nAnna;Nowak;K\n");
    const pl = previewStaffImport(ctx, inst.id, noPosition, { locale: "pl" });
    expect(pl.rows).toEqual([]);
    expect(pl.fileErrors).toEqual([
      { key: "residents.import.errors.missingColumns", values: { columns: "stanowisko" } },
    ]);
    expect(previewStaffImport(ctx, inst.id, noPosition, { locale: "bg" }).fileErrors).toEqual([
      { key: "residents.import.errors.missingColumns", values: { columns: "длъжност" } },
    ]);
    expect(previewStaffImport(ctx, inst.id, utf8("position\nKierowca\n")).fileErrors).toEqual([
      { key: "residents.import.errors.missingColumns", values: { columns: "first_name, last_name" } },
    ]);
    const unknown = previewStaffImport(ctx, inst.id, utf8(`${EN_HEADER},salary\nAnna,Nowak,Kucharka,,,,,,,4000\n`));
    expect(unknown.fileErrors).toEqual([
      { key: "residents.import.errors.unknownColumns", values: { columns: "salary" } },
    ]);
    expect(thrownBy(() => commitStaffImport(ctx, inst.id, noPosition))).toMatchObject({
      label: "validation",
      messageKey: "residents.import.errors.missingColumns",
    });
    expect(count(db, staffMembers)).toBe(0);
  });

  it("header names are matched in every language, ignoring case, diacritics and spaces", () => {
    const text =
      "IMIE ; Nazwisko* ; STANOWISKO ; Plec (K/M) ; data_urodzenia ; Zatrudniona od ; zatrudniony-do ; e-mail ; TELEFON\n" +
      "Anna;Nowak;Kucharka;k;1980-01-02;1.2.2003;;anna@example.pl;123\n";
    const parsed = parseStaffCsv(text, { institutionId: 1 });
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.rows[0]!.input).toMatchObject({
      firstName: "Anna",
      sex: "female",
      employedFrom: "2003-02-01",
      email: "anna@example.pl",
      phone: "123",
    });
    const bg = parseStaffCsv(
      "име,ФАМИЛИЯ,длъжност,имейл,телефон,назначен до\nИван,Петров,Готвач,ivan@example.bg,0888,\n",
      { institutionId: 1 },
    );
    expect(bg.rows[0]!.input).toMatchObject({
      firstName: "Иван",
      position: "Готвач",
      email: "ivan@example.bg",
      phone: "0888",
      employedTo: null,
    });
    for (const locale of ["en", "pl", "bg"] as const) {
      expect(parseStaffCsv(`${staffTemplateHeader(locale)}\n`, { institutionId: 1 }).fileErrors).toEqual([
        { key: "residents.import.errors.noRows" },
      ]);
    }
    expect(staffTemplateHeader("en")).toBe(EN_HEADER);
    expect(staffTemplateHeader("pl")).toBe(
      "imię;nazwisko;stanowisko;płeć;data urodzenia;zatrudniony od;zatrudniony do;e-mail;telefon",
    );
    expect(staffTemplateHeader("bg")).toBe(
      "име;фамилия;длъжност;пол;дата на раждане;назначен от;назначен до;имейл;телефон",
    );
  });

  it("refuses an institution outside the user's scope, writing nothing", async () => {
    const { db, other, ctx } = await setup();
    const bytes = fixture("staff-pl-utf8.csv");
    for (const fn of [
      () => previewStaffImport(ctx, other.id, bytes),
      () => commitStaffImport(ctx, other.id, bytes),
      () => previewStaffImport(ctx, 9999, bytes),
    ]) {
      expect(thrownBy(fn)).toMatchObject({ label: "validation", messageKey: "errors.institutionOutOfScope" });
    }
    expect(count(db, staffMembers)).toBe(0);
    expect(count(db, auditEvents)).toBe(0);
  });

  it("commit checks everything again: a staff member registered after the preview makes it a duplicate", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("staff-pl-utf8.csv");
    expect(previewStaffImport(ctx, inst.id, bytes).errorRowCount).toBe(0);
    // Someone registers Łukasz Żmuda in the meantime.
    createStaffMember(
      ctx,
      member(inst.id, { firstName: "Łukasz", lastName: "Żmuda", sex: "male", dateOfBirth: "1985-02-28" }),
    );
    expect(thrownBy(() => commitStaffImport(ctx, inst.id, bytes))).toMatchObject({
      messageKey: "residents.import.errors.hasErrors",
      values: { count: 1 },
    });
    expect(count(db, staffMembers)).toBe(1);
    expect(imported(db)).toHaveLength(0);
    const again = previewStaffImport(ctx, inst.id, bytes);
    expect(again.rows.find((r) => r.line === 3)!.errors).toEqual({
      _row: { key: "staff.import.errors.duplicate", values: { context: "registered" } },
    });
  });

  it("a failure in the middle of the writes rolls back every row", async () => {
    const { db, inst, ctx } = await setup();
    db.$client.exec(
      `create trigger refuse_third before insert on staff_members when (select count(*) from staff_members) >= 2 begin select raise(abort, 'boom'); end`,
    );
    expect(() => commitStaffImport(ctx, inst.id, fixture("staff-pl-utf8.csv"))).toThrowError(/boom/);
    expect(count(db, staffMembers)).toBe(0);
    expect(count(db, auditEvents)).toBe(0);
  });
});

describe("the staff import page's action (multipart, base64 between preview and confirm)", () => {
  const ORIGIN = "http://localhost:3000";
  type Handler = (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, never>;
  }) => Promise<unknown>;
  let db: Db;
  let login: { action: Handler };
  let page: { action: Handler; loader: Handler };
  let instId: number;
  let otherId: number;

  beforeAll(async () => {
    process.env.DATABASE_PATH = freshDbFile();
    const { getDb } = await import("#app/utils/db.server");
    db = getDb();
    login = (await import("#app/routes/login")) as never;
    page = (await import("#app/routes/_app.staff.import")) as never;
    instId = createInstitution(db).id;
    otherId = createInstitution(db).id;
    await createUser(db, { email: "worker@x.pl", role: "case_worker", institutionIds: [instId] });
  });

  const args = (request: Request) => ({ request, params: {}, context: {} as Record<string, never> });

  async function signIn(): Promise<string> {
    const body = new URLSearchParams({ email: "worker@x.pl", password: DEFAULT_PASSWORD }).toString();
    const res = (await login.action(
      args(
        new Request(`${ORIGIN}/login`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
        }),
      ),
    )) as Response;
    return res.headers.get("Set-Cookie")!.split(";")[0]!;
  }

  const post = (fd: FormData, cookie: string) =>
    page.action(
      args(
        new Request(`${ORIGIN}/staff/import`, {
          method: "POST",
          body: fd,
          headers: { Origin: ORIGIN, Cookie: cookie },
        }),
      ),
    );

  it("lists the institutions in scope and the header in the user's language", async () => {
    const cookie = await signIn();
    const loaded = (await page.loader(
      args(new Request(`${ORIGIN}/staff/import`, { headers: { Cookie: cookie } })),
    )) as {
      header: string;
      institutions: { id: number }[];
    };
    expect(loaded.header).toBe(staffTemplateHeader("en"));
    expect(loaded.institutions.map((i) => i.id)).toEqual([instId]);
  });

  it("previews an uploaded file, then imports it from the confirm form", async () => {
    const cookie = await signIn();
    const fd = new FormData();
    fd.set("intent", "preview");
    fd.set("institutionId", String(instId));
    fd.set("file", new File([fixture("staff-pl-utf8.csv")], "pracownicy.csv", { type: "text/csv" }));
    const previewed = (await post(fd, cookie)) as {
      ok: true;
      preview: { rowCount: number; rows: { values: Record<string, string> }[] };
      file64: string;
      fileName: string;
    };
    expect(previewed.preview.rowCount).toBe(3);
    expect(previewed.preview.rows[1]!.values).toEqual({
      firstName: "Łukasz",
      lastName: "Żmuda",
      position: "Terapeuta zajęciowy; koordynator",
    });
    expect(previewed.fileName).toBe("pracownicy.csv");
    expect(count(db, staffMembers)).toBe(0);

    const confirm = new FormData();
    confirm.set("intent", "confirm");
    confirm.set("institutionId", String(instId));
    confirm.set("fileName", previewed.fileName);
    confirm.set("file64", previewed.file64);
    const res = (await post(confirm, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/staff");
    expect(count(db, staffMembers)).toBe(3);

    // Confirming the same file again: everything is re-checked, all rows are now registered.
    const again = (await post(confirm, cookie)) as {
      data: { notice: { key: string }; preview: { errorRowCount: number } };
      init: { status: number };
    };
    expect(again.init.status).toBe(400);
    expect(again.data.notice.key).toBe("residents.import.errors.hasErrors");
    expect(again.data.preview.errorRowCount).toBe(3);
    expect(count(db, staffMembers)).toBe(3);
  });

  it("keeps a bad file from reaching the confirm form, and refuses another institution", async () => {
    const cookie = await signIn();
    const fd = new FormData();
    fd.set("intent", "preview");
    fd.set("institutionId", String(instId));
    fd.set("file", new File([], ""));
    const none = (await post(fd, cookie)) as { data: { fieldErrors: Record<string, { key: string }> } };
    expect(none.data.fieldErrors.file).toEqual({ key: "residents.import.errors.noFile" });

    fd.set("file", new File([utf8(`${EN_HEADER}\nZofia,Mazur,Kucharka,,,,,zofia@,\n`)], "bad.csv"));
    const bad = (await post(fd, cookie)) as { ok: true; file64: string | null; preview: { errorRowCount: number } };
    expect(bad.preview.errorRowCount).toBe(1);
    expect(bad.file64).toBeNull();

    fd.set("institutionId", String(otherId));
    const refused = (await post(fd, cookie)) as { data: { formError: { key: string } } };
    expect(refused.data.formError).toEqual({ key: "errors.institutionOutOfScope" });
  });
});
