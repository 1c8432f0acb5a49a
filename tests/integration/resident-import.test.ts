import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, residents, transitions } from "#db/schema";
import { MAX_IMPORT_ROWS } from "#app/modules/csv/files";
import { decodeCsv } from "#app/modules/csv/import.server";
import { commitImport, parseResidentCsv, previewImport, templateHeader } from "#app/modules/residents/import.server";
import { createResident } from "#app/modules/residents/service.server";
import { AppError } from "#app/utils/errors";
import { freshDb, freshDbFile } from "#tests/support/db";
import { contextFor, createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";

const fixture = (name: string) =>
  new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/import", name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

function count(db: Db, table: typeof residents | typeof transitions | typeof auditEvents) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;
}

async function setup(country: "PL" | "BG" = "PL") {
  const db = freshDb();
  const inst = createInstitution(db, country === "BG" ? { country: "BG", timeZone: "Europe/Sofia" } : {});
  const other = createInstitution(db);
  const worker = await createUser(db, { institutionIds: [inst.id] });
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

const EN_HEADER = "first_name,last_name,sex,date_of_birth,target_group,disability,legal_capacity,guardian_name";

describe("CSV import of residents: the whole file or nothing", () => {
  it("imports a good UTF-8 file with ';' and Polish headers in one go", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("residents-pl-utf8.csv");
    const preview = previewImport(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ encoding: "utf-8", delimiter: ";", rowCount: 3, errorRowCount: 0, fileErrors: [] });
    expect(preview.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(count(db, residents)).toBe(0); // the preview writes nothing

    const result = commitImport(ctx, inst.id, bytes);
    expect(result).toMatchObject({ count: 3, encoding: "utf-8" });
    const rows = db.select().from(residents).orderBy(residents.id).all();
    expect(rows.map((r) => [r.firstName, r.lastName])).toEqual([
      ["Łucja", "Żółkiewska"],
      ["Michał", "Wąsowicz"],
      ["Bożena", "Ślązak"],
    ]);
    expect(rows[0]).toMatchObject({
      institutionId: inst.id,
      sex: "female",
      dateOfBirth: "1950-03-12",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      admissionDate: "1998-05-01",
      supportNeeds: "Pomoc przy lekach; spacery",
    });
    expect(rows[1]).toMatchObject({
      sex: "male",
      dateOfBirth: "1961-11-07",
      targetGroup: "person_with_disability",
      legalCapacity: "partial",
      guardianName: "Anna Wąsowicz",
    });
    expect(rows[2]).toMatchObject({
      sex: null,
      dateOfBirth: "1944-01-30",
      targetGroup: "mental_health_crisis",
      disability: "not_disclosed",
      legalCapacity: "none",
      admissionDate: "2001-09-03",
    });
    expect(count(db, transitions)).toBe(3);

    const created = db.select().from(auditEvents).where(eq(auditEvents.action, "resident.created")).all();
    expect(created).toHaveLength(3);
    const imported = db.select().from(auditEvents).where(eq(auditEvents.action, "resident.imported")).all();
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ institutionId: inst.id, actorUserId: ctx.actor.id });
    expect(imported[0]!.after).toMatchObject({ created: 3, rows: 3, encoding: "utf-8", delimiter: ";" });
    // The summary event holds counts, not personal data.
    expect(JSON.stringify(imported[0]!.after)).not.toContain("Łucja");
  });

  it("a file with one bad row imports nothing and says which line and which fields", async () => {
    const { db, inst, ctx } = await setup();
    const text = [
      EN_HEADER,
      "Anna,Nowak,female,1950-01-02,older_person,no,full,",
      "Jan,Kowalski,X,31.02.1950,older_person,no,full,",
      "Ewa,Lis,F,2.3.1948,older_person,no,full,",
    ].join("\n");
    const preview = previewImport(ctx, inst.id, utf8(text));
    expect(preview).toMatchObject({ delimiter: ",", rowCount: 3, errorRowCount: 1, fileErrors: [] });
    const bad = preview.rows.filter((r) => Object.keys(r.errors).length > 0);
    expect(bad.map((r) => r.line)).toEqual([3]);
    expect(Object.keys(bad[0]!.errors).sort()).toEqual(["dateOfBirth", "sex"]);
    expect(bad[0]!.errors.dateOfBirth).toEqual({ key: "validation.date" });
    expect(bad[0]!.values).toMatchObject({ dateOfBirth: "31.02.1950", sex: "X" });
    expect(preview.rows[2]!.values.dateOfBirth).toBe("1948-03-02");

    const e = thrownBy(() => commitImport(ctx, inst.id, utf8(text)));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      label: "validation",
      messageKey: "residents.import.errors.hasErrors",
      values: { count: 1 },
    });
    expect(count(db, residents)).toBe(0);
    expect(count(db, transitions)).toBe(0);
    expect(count(db, auditEvents)).toBe(0);
  });

  it("reports a missing guardian as the resident form would", async () => {
    const { inst, ctx } = await setup();
    const text = `${EN_HEADER}\nAnna,Nowak,female,1950-01-02,older_person,no,partial,\n`;
    const preview = previewImport(ctx, inst.id, utf8(text));
    expect(preview.rows[0]!.errors).toEqual({ guardianName: { key: "validation.guardianRequired" } });
  });

  it("reads a Windows-1250 Polish file exactly", async () => {
    const { db, inst, ctx } = await setup();
    const text =
      "imię;nazwisko;płeć;data urodzenia;grupa docelowa;niepełnosprawność;zdolność do czynności prawnych;opiekun\r\n" +
      "Łucja;Żółkiewska-Wąż;kobieta;01.02.1940;osoba starsza;nie;pełna;\r\n" +
      "Józef;Ćwikła;mężczyzna;15.08.1939;osoba starsza;tak;pełna;\r\n";
    const bytes = iconv.encode(text, "windows-1250");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsv(bytes)).toEqual({ text, encoding: "windows-1250" });

    const preview = previewImport(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ encoding: "windows-1250", delimiter: ";", errorRowCount: 0 });
    commitImport(ctx, inst.id, bytes);
    const rows = db.select().from(residents).orderBy(residents.id).all();
    expect(rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(["Łucja Żółkiewska-Wąż", "Józef Ćwikła"]);
    const ev = db.select().from(auditEvents).where(eq(auditEvents.action, "resident.imported")).get();
    expect(ev?.after).toMatchObject({ encoding: "windows-1250" });
  });

  it("reads a Windows-1251 Bulgarian file exactly, tab-separated too", async () => {
    const { db, inst, ctx } = await setup("BG");
    const text =
      "Име\tФамилия\tПол\tДата на раждане\tЦелева група\tУвреждане\tДееспособност\tНастойник\r\n" +
      "Йорданка\tЩерева\tЖ\t05/11/1948\tвъзрастен човек\tда\tограничена\tПетър Щерев\r\n" +
      "Иван\tПетров\tМ\t1952-07-30\tлице с увреждане\tне е посочено\tпълна\t\r\n";
    const bytes = iconv.encode(text, "windows-1251");
    expect(decodeCsv(bytes)).toEqual({ text, encoding: "windows-1251" });
    const preview = previewImport(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ encoding: "windows-1251", delimiter: "\t", rowCount: 2, errorRowCount: 0 });
    commitImport(ctx, inst.id, bytes);
    const rows = db.select().from(residents).orderBy(residents.id).all();
    expect(rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(["Йорданка Щерева", "Иван Петров"]);
    expect(rows[0]).toMatchObject({
      sex: "female",
      dateOfBirth: "1948-11-05",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "partial",
      guardianName: "Петър Щерев",
    });
    expect(rows[1]).toMatchObject({
      sex: "male",
      targetGroup: "person_with_disability",
      disability: "not_disclosed",
      legalCapacity: "full",
    });
  });

  it("tells 1250 from 1251 even for a Polish file whose only diacritic reads as Cyrillic", () => {
    // ó (0xF3) is у in 1251: "Jуzef" is not a Cyrillic word, so the Polish reading wins.
    const pl = iconv.encode("first_name,last_name\nJózef,Nowak\n", "windows-1250");
    expect(decodeCsv(pl, "windows-1251").encoding).toBe("windows-1250");
    const bg = iconv.encode("first_name,last_name\nСтоян,Стоянов\n", "windows-1251");
    expect(decodeCsv(bg, "windows-1250").encoding).toBe("windows-1251");
    // No letters outside ASCII either way (an en dash only): the institution's country decides.
    const dash = new Uint8Array([...utf8("a,b\n1"), 0x96, ...utf8("2,x\n")]);
    expect(decodeCsv(dash, "windows-1251")).toEqual({ text: "a,b\n1–2,x\n", encoding: "windows-1251" });
    expect(decodeCsv(dash).encoding).toBe("windows-1250");
  });

  it("never produces U+FFFD: undecodable bytes, UTF-16 and binary files are refused", async () => {
    const { inst, ctx } = await setup();
    for (const bytes of [
      new Uint8Array([...utf8("a;b\nx"), 0x98, ...utf8(";y\n")]), // undefined in both code pages
      new Uint8Array([0xff, 0xfe, ...iconv.encode("imię;nazwisko\n", "utf-16le")]),
      utf8("a;b\n\uFFFD;x\n"), // already mangled
    ]) {
      expect(() => decodeCsv(bytes)).toThrowError(/residents\.import\.errors\.encoding/);
      const preview = previewImport(ctx, inst.id, bytes);
      expect(preview.fileErrors).toEqual([{ key: "residents.import.errors.encoding" }]);
      expect(preview.rows).toEqual([]);
    }
    // A UTF-8 BOM is dropped.
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("imię")]))).toEqual({ text: "imię", encoding: "utf-8" });
  });

  it("reports duplicates within the file and people already registered", async () => {
    const { db, inst, other, ctx } = await setup();
    createResident(ctx, {
      institutionId: inst.id,
      firstName: "Anna",
      lastName: "Nowak",
      sex: "female",
      dateOfBirth: "1950-01-02",
      targetGroup: "older_person",
      disability: "no",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
    });
    const text = [
      EN_HEADER,
      "ANNA,nowak,female,02.01.1950,older_person,no,full,", // already registered (case differs)
      "Jan,Kowalski,male,1940-05-05,older_person,no,full,",
      "Ewa,Lis,female,1941-06-06,older_person,no,full,",
      "Jan,Kowalski,male,05.05.1940,older_person,no,full,", // line 3 again
      "Jan,Kowalski,male,1941-05-05,older_person,no,full,", // another date of birth: not the same person
    ].join("\r\n");
    const preview = previewImport(ctx, inst.id, utf8(text));
    const errs = Object.fromEntries(preview.rows.map((r) => [r.line, r.errors]));
    expect(errs[2]).toEqual({ _row: { key: "residents.import.errors.duplicate", values: { context: "registered" } } });
    expect(errs[3]).toEqual({ _row: { key: "residents.import.errors.duplicate", values: { line: 5 } } });
    expect(errs[5]).toEqual({ _row: { key: "residents.import.errors.duplicate", values: { line: 3 } } });
    expect(errs[4]).toEqual({});
    expect(errs[6]).toEqual({});
    expect(preview.errorRowCount).toBe(3);
    expect(() => commitImport(ctx, inst.id, utf8(text))).toThrowError(/hasErrors/);
    expect(count(db, residents)).toBe(1);

    // Registered in another institution is not a duplicate here.
    const admin = await createUser(db, { role: "admin" });
    const p2 = previewImport(
      contextFor(db, admin.id),
      other.id,
      utf8(`${EN_HEADER}\nAnna,Nowak,female,1950-01-02,older_person,no,full,\n`),
    );
    expect(p2.errorRowCount).toBe(0);
  });

  it("missing required columns and unknown columns are file-level errors", async () => {
    const { inst, ctx } = await setup();
    const missing = previewImport(ctx, inst.id, utf8("imię;nazwisko;płeć\nAnna;Nowak;K\n"), { locale: "pl" });
    expect(missing.rows).toEqual([]);
    expect(missing.fileErrors).toEqual([
      {
        key: "residents.import.errors.missingColumns",
        values: { columns: "grupa docelowa, niepełnosprawność, zdolność do czynności prawnych" },
      },
    ]);
    const unknown = previewImport(
      ctx,
      inst.id,
      utf8(`${EN_HEADER},shoe_size\nAnna,Nowak,female,,older_person,no,full,,42\n`),
    );
    expect(unknown.fileErrors).toEqual([
      { key: "residents.import.errors.unknownColumns", values: { columns: "shoe_size" } },
    ]);
    expect(() => commitImport(ctx, inst.id, utf8("imię;nazwisko\nAnna;Nowak\n"))).toThrowError(/missingColumns/);
  });

  it("header names ignore case, diacritics, spaces and hints in parentheses", () => {
    const text =
      "IMIE ; Nazwisko* ; Plec (K/M) ; DATA_URODZENIA ; Grupa-docelowa ; niepelnosprawnosc ; Zdolnosc do czynnosci prawnych ; opiekun prawny\n" +
      "Anna;Nowak;k;1950-01-02;Osoba Starsza;TAK;Pełna;\n";
    const parsed = parseResidentCsv(text, { institutionId: 1 });
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.rows[0]!.input).toMatchObject({
      firstName: "Anna",
      sex: "female",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
    });
  });

  it("the template header of every language is read back", () => {
    for (const locale of ["en", "pl", "bg"] as const) {
      const parsed = parseResidentCsv(`${templateHeader(locale)}\n`, { institutionId: 1 });
      expect(parsed.fileErrors).toEqual([{ key: "residents.import.errors.noRows" }]);
    }
  });

  it("refuses too many rows, too large files, empty files and broken quoting", async () => {
    const { inst, ctx } = await setup();
    const row = "Anna,Nowak,female,,older_person,no,full,\n";
    const many = previewImport(ctx, inst.id, utf8(`${EN_HEADER}\n${row.repeat(MAX_IMPORT_ROWS + 1)}`));
    expect(many.fileErrors).toEqual([{ key: "residents.import.errors.tooManyRows", values: { max: 5000 } }]);
    const big = previewImport(ctx, inst.id, new Uint8Array(512 * 1024 + 1).fill(0x61));
    expect(big.fileErrors).toEqual([{ key: "residents.import.errors.tooLarge", values: { max: 512 } }]);
    expect(previewImport(ctx, inst.id, utf8("\n \n")).fileErrors).toEqual([{ key: "residents.import.errors.empty" }]);
    const broken = previewImport(ctx, inst.id, utf8(`${EN_HEADER}\nAnna,"Nowak,female\n`));
    expect(broken.fileErrors[0]).toMatchObject({ key: "residents.import.errors.malformed" });
  });

  it("blank lines are skipped and line numbers stay those of the file", async () => {
    const { inst, ctx } = await setup();
    const text = `${EN_HEADER}\n\n,,,,,,,\nAnna,Nowak,female,,older_person,no,full,\n"Ewa\nMaria",Lis,female,,older_person,no,full,\nJan,Nowak,male,,nope,no,full,\n`;
    const preview = previewImport(ctx, inst.id, utf8(text));
    expect(preview.rows.map((r) => r.line)).toEqual([4, 5, 7]);
    expect(preview.rows[2]!.errors).toEqual({ targetGroup: { key: "validation.invalidChoice" } });
  });

  it("refuses an institution outside the user's scope, writing nothing", async () => {
    const { db, other, ctx } = await setup();
    const bytes = fixture("residents-pl-utf8.csv");
    for (const fn of [
      () => previewImport(ctx, other.id, bytes),
      () => commitImport(ctx, other.id, bytes),
      () => previewImport(ctx, 9999, bytes),
    ]) {
      expect(thrownBy(fn)).toMatchObject({ label: "validation", messageKey: "errors.institutionOutOfScope" });
    }
    expect(count(db, residents)).toBe(0);
  });

  it("commit checks everything again: a resident registered after the preview makes it a duplicate", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("residents-pl-utf8.csv");
    expect(previewImport(ctx, inst.id, bytes).errorRowCount).toBe(0);
    // Someone registers Michał Wąsowicz in the meantime.
    createResident(ctx, {
      institutionId: inst.id,
      firstName: "Michał",
      lastName: "Wąsowicz",
      sex: "male",
      dateOfBirth: "1961-11-07",
      targetGroup: "person_with_disability",
      disability: "no",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
    });
    expect(() => commitImport(ctx, inst.id, bytes)).toThrowError(/hasErrors/);
    expect(count(db, residents)).toBe(1);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "resident.imported")).all()).toHaveLength(0);
  });

  it("a failure in the middle of the writes rolls back every row", async () => {
    const { db, inst, ctx } = await setup();
    // A trigger refuses the third insert: the first two must not stay.
    db.$client.exec(
      `create trigger refuse_third before insert on residents when (select count(*) from residents) >= 2 begin select raise(abort, 'boom'); end`,
    );
    expect(() => commitImport(ctx, inst.id, fixture("residents-pl-utf8.csv"))).toThrowError(/boom/);
    expect(count(db, residents)).toBe(0);
    expect(count(db, transitions)).toBe(0);
    expect(count(db, auditEvents)).toBe(0);
  });
});

describe("the import page's action (multipart, base64 between preview and confirm)", () => {
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

  beforeAll(async () => {
    process.env.DATABASE_PATH = freshDbFile();
    const { getDb } = await import("#app/utils/db.server");
    db = getDb();
    login = (await import("#app/routes/login")) as never;
    page = (await import("#app/routes/_app.residents.import")) as never;
    instId = createInstitution(db).id;
    await createUser(db, { email: "worker@x.pl", institutionIds: [instId] });
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
        new Request(`${ORIGIN}/residents/import`, {
          method: "POST",
          body: fd,
          headers: { Origin: ORIGIN, Cookie: cookie },
        }),
      ),
    );

  it("previews an uploaded file, then imports it from the confirm form", async () => {
    const cookie = await signIn();
    const loaded = (await page.loader(
      args(new Request(`${ORIGIN}/residents/import`, { headers: { Cookie: cookie } })),
    )) as { header: string };
    expect(loaded.header).toBe(templateHeader("en"));

    const fd = new FormData();
    fd.set("intent", "preview");
    fd.set("institutionId", String(instId));
    fd.set("file", new File([fixture("residents-pl-utf8.csv")], "mieszkańcy.csv", { type: "text/csv" }));
    const previewed = (await post(fd, cookie)) as {
      ok: true;
      preview: { rowCount: number };
      file64: string;
      fileName: string;
    };
    expect(previewed.preview.rowCount).toBe(3);
    expect(previewed.fileName).toBe("mieszkańcy.csv");
    expect(count(db, residents)).toBe(0);

    const confirm = new FormData();
    confirm.set("intent", "confirm");
    confirm.set("institutionId", String(instId));
    confirm.set("fileName", previewed.fileName);
    confirm.set("file64", previewed.file64);
    const res = (await post(confirm, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/residents");
    expect(count(db, residents)).toBe(3);

    // Confirming the same file again: everything is re-checked, all rows are now registered.
    const again = (await post(confirm, cookie)) as {
      data: { notice: { key: string }; preview: { errorRowCount: number } };
      init: { status: number };
    };
    expect(again.init.status).toBe(400);
    expect(again.data.notice.key).toBe("residents.import.errors.hasErrors");
    expect(again.data.preview.errorRowCount).toBe(3);
    expect(count(db, residents)).toBe(3);
  });

  it("asks for a file when none is chosen, and keeps a bad file from reaching the confirm form", async () => {
    const cookie = await signIn();
    const fd = new FormData();
    fd.set("intent", "preview");
    fd.set("institutionId", String(instId));
    fd.set("file", new File([], ""));
    const r = (await post(fd, cookie)) as { data: { fieldErrors: Record<string, { key: string }> } };
    expect(r.data.fieldErrors.file).toEqual({ key: "residents.import.errors.noFile" });

    fd.set("file", new File([utf8(`${EN_HEADER}\nAnna,Nowak,x,,older_person,no,full,\n`)], "bad.csv"));
    const bad = (await post(fd, cookie)) as { ok: true; file64: string | null; preview: { errorRowCount: number } };
    expect(bad.preview.errorRowCount).toBe(1);
    expect(bad.file64).toBeNull();
  });
});
