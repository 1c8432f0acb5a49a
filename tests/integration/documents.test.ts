import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, documents, transitionEvents } from "#db/schema";
import { backupDatabase, knownMigrationCount, restoreDatabase } from "#db/backup";
import { openDatabase } from "#db/client";
import { MAX_DOCUMENT_BYTES } from "#app/modules/documents/constants";
import { buildWorld, daysAgo, type World } from "#tests/factories/world";
import { fileOf, sampleJpeg, samplePdf, samplePng } from "#tests/factories/documents";
import { contextFor } from "#tests/factories";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * Documents (issue #15): uploaded through the real route (multipart, size-capped), judged by
 * their content, served only to those who may see the record and only as a download, removed
 * with a reason (file erased, row and audit kept), carried by the backup.
 */
let db: Db;
let w: World;
let page: RouteModule;
let download: RouteModule;
let meetingPage: RouteModule;
let meetingDownload: RouteModule;
let cw: string;
let gm: string;
let wg: string;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  page = await loadRoute("_app.residents.$residentId.documents.tsx");
  download = await loadRoute("_app.residents.$residentId.documents_.$documentId.ts");
  meetingPage = await loadRoute("_app.plans.$planId.group_.meetings.$meetingId.tsx");
  meetingDownload = await loadRoute("_app.plans.$planId.group_.meetings.$meetingId_.documents.$documentId.ts");
  cw = await signIn(w.emails.case_worker);
  gm = await signIn(w.emails.grant_manager);
  wg = await signIn(w.emails.working_group);
}, 60_000);

const docsOf = (residentId: number) => db.select().from(documents).where(eq(documents.residentId, residentId)).all();
const auditCount = () => db.select().from(auditEvents).all().length;

async function upload(fields: Record<string, string | File>, residentId = w.a.residentId, cookie = cw) {
  return call(
    page.action!,
    postRequest(
      `/residents/${residentId}/documents`,
      { intent: "upload", kind: "consent", documentOn: daysAgo(2), stepSeq: "", ...fields },
      { cookie },
    ),
    {
      residentId: String(residentId),
    },
  );
}

describe("uploading a document", () => {
  it("stores a PDF, a JPEG and a PNG with the type read from the content, who uploaded it and when, audited", async () => {
    const before = docsOf(w.a.residentId).length;
    const pdf = await samplePdf("Postanowienie");
    for (const [bytes, name, type, kind] of [
      [pdf, "Postanowienie sądu Łódź.pdf", "application/pdf", "legal_capacity_decision"],
      [sampleJpeg(), "skierowanie.JPG", "image/jpeg", "referral_decision"],
      [samplePng(), "zgoda.png", "", "consent"],
    ] as const) {
      const o = await upload({ kind, file: fileOf(bytes, name, type) });
      expect(o.status, o.body).toBe(302);
    }
    const rows = docsOf(w.a.residentId).slice(before);
    expect(rows.map((r) => [r.kind, r.contentType, r.fileName])).toEqual([
      ["legal_capacity_decision", "application/pdf", "Postanowienie sądu Łódź.pdf"],
      ["referral_decision", "image/jpeg", "skierowanie.JPG"],
      ["consent", "image/png", "zgoda.png"],
    ]);
    expect(Buffer.compare(rows[0]!.content!, pdf)).toBe(0);
    expect(rows[0]).toMatchObject({
      uploadedBy: w.userIds.case_worker,
      documentOn: daysAgo(2),
      sizeBytes: pdf.length,
      version: 1,
    });
    const audit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "document.uploaded"))
      .all()
      .filter((a) => a.entityId === String(rows[0]!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.institutionId).toBe(w.a.institutionId);
    // The audit log describes the file; it never holds its bytes.
    expect(JSON.stringify(audit[0]!.after)).toContain(rows[0]!.sha256);
    expect(JSON.stringify(audit[0]!.after).length).toBeLessThan(1000);
  });

  it("attaches a document to a step of the transition", async () => {
    const { applyEvent } = await import("#app/modules/transitions/service.server");
    const { findResident } = await import("#app/modules/residents/service.server");
    const ctx = contextFor(db, w.userIds.case_worker);
    applyEvent(ctx, w.a.residentId, {
      type: "START_ASSESSMENT",
      on: daysAgo(0),
      version: findResident(ctx, w.a.residentId).transition.version,
    });
    const step = db
      .select()
      .from(transitionEvents)
      .where(eq(transitionEvents.transitionId, w.a.transitionId))
      .all()
      .at(-1)!;
    const o = await upload({ stepSeq: String(step.seq), file: fileOf(samplePng(), "zgoda.png", "image/png") });
    expect(o.status, o.body).toBe(302);
    expect(docsOf(w.a.residentId).at(-1)!.transitionEventId).toBe(step.id);
    const bad = await upload({ stepSeq: "999", file: fileOf(samplePng(), "zgoda.png", "image/png") });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("documents.errors.unknownStep");
  });

  it("refuses, with the reason at the file field and nothing stored: empty, another type than its name or declared type, not PDF/JPEG/PNG, too large, missing, dated in the future", async () => {
    const pdf = await samplePdf();
    const cases: [Record<string, string | File>, number, string][] = [
      [{ file: fileOf(new Uint8Array(), "pusty.pdf", "application/pdf") }, 400, "documents.errors.empty"],
      [{ file: fileOf(samplePng(), "skan.pdf", "application/pdf") }, 400, "documents.errors.nameMismatch"],
      [{ file: fileOf(pdf, "zgoda.pdf", "image/png") }, 400, "documents.errors.declaredMismatch"],
      [
        {
          file: fileOf(
            new TextEncoder().encode("<html><script>alert(1)</script></html>"),
            "zgoda.pdf",
            "application/pdf",
          ),
        },
        400,
        "documents.errors.type",
      ],
      [
        { file: fileOf(new TextEncoder().encode("MZ\x90\x00 not a document"), "zgoda.exe", "") },
        400,
        "documents.errors.type",
      ],
      [
        { file: fileOf(new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x25), "duzy.pdf", "application/pdf") },
        413,
        "documents.errors.tooLarge",
      ],
      // No file chosen: the browser sends the part with an empty name.
      [{ file: fileOf(new Uint8Array(), "") }, 400, "documents.errors.fileRequired"],
      [
        { documentOn: daysAgo(-2), file: fileOf(pdf, "zgoda.pdf", "application/pdf") },
        400,
        "documents.errors.dateInFuture",
      ],
      [{ kind: "meeting_minutes", file: fileOf(pdf, "zgoda.pdf", "application/pdf") }, 400, "validation.invalidChoice"],
    ];
    const before = docsOf(w.a.residentId).length;
    const audits = auditCount();
    for (const [fields, status, key] of cases) {
      const o = await upload(fields);
      expect(o.status, `${key}: ${o.body}`).toBe(status);
      const data = o.data as { fieldErrors?: Record<string, { key: string }> };
      expect(
        Object.values(data.fieldErrors ?? {}).map((e) => e.key),
        o.body,
      ).toContain(key);
    }
    expect(docsOf(w.a.residentId).length).toBe(before);
    expect(auditCount()).toBe(audits);
  });

  it("refuses a request declared far over the limit before reading it, and a cross-site post", async () => {
    const before = docsOf(w.a.residentId).length;
    const big = new Request(`http://localhost:3000/residents/${w.a.residentId}/documents`, {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        Cookie: cw,
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": String(MAX_DOCUMENT_BYTES * 5),
      },
      body: "--x--",
    });
    expect((await call(page.action!, big, { residentId: String(w.a.residentId) })).status).toBe(413);
    const cross = await call(
      page.action!,
      postRequest(
        `/residents/${w.a.residentId}/documents`,
        {
          intent: "upload",
          kind: "consent",
          documentOn: daysAgo(1),
          stepSeq: "",
          file: fileOf(await samplePdf(), "z.pdf"),
        },
        { cookie: cw, origin: "https://evil.example" },
      ),
      { residentId: String(w.a.residentId) },
    );
    expect(cross.status).toBe(403);
    expect(docsOf(w.a.residentId).length).toBe(before);
  });

  it("refuses an upload to a record out of scope (404, nothing stored) and to a role without the permission (403)", async () => {
    const before = db.select().from(documents).all().length;
    const other = await upload({ file: fileOf(await samplePdf(), "z.pdf", "application/pdf") }, w.b.residentId);
    expect(other.status).toBe(404);
    const grant = await upload({ file: fileOf(await samplePdf(), "z.pdf", "application/pdf") }, w.a.residentId, gm);
    expect(grant.status).toBe(403);
    expect(db.select().from(documents).all().length).toBe(before);
  });
});

describe("downloading a document", () => {
  it("is always an attachment, never sniffed or stored, with the exact bytes; the read is audited", async () => {
    const res = (await download.loader!({
      request: getRequest(`/residents/${w.a.residentId}/documents/${w.a.documentId}`, cw),
      params: { residentId: String(w.a.residentId), documentId: String(w.a.documentId) },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="zgoda-A.pdf"`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const stored = db.select().from(documents).where(eq(documents.id, w.a.documentId)).get()!;
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), stored.content!)).toBe(0);
    const read = db.select().from(auditEvents).where(eq(auditEvents.action, "document.downloaded")).all().at(-1)!;
    expect(read).toMatchObject({ entityId: String(w.a.documentId), actorUserId: w.userIds.case_worker });
  });

  it("a name outside ASCII keeps its letters (RFC 5987), with a plain fallback", async () => {
    await upload({ file: fileOf(await samplePdf(), "Zgoda Łucji Ż.pdf", "application/pdf") });
    const doc = docsOf(w.a.residentId).at(-1)!;
    const res = (await download.loader!({
      request: getRequest(`/residents/${w.a.residentId}/documents/${doc.id}`, cw),
      params: { residentId: String(w.a.residentId), documentId: String(doc.id) },
      context: {},
    })) as Response;
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Zgoda _ucji _.pdf"; filename*=UTF-8''Zgoda%20%C5%81ucji%20%C5%BB.pdf`,
    );
  });

  it("is not served to another institution, to a role without personal data, nor under another resident's address", async () => {
    const params = (residentId: number, documentId: number) => ({
      residentId: String(residentId),
      documentId: String(documentId),
    });
    const get = (residentId: number, documentId: number, cookie: string) =>
      call(
        download.loader!,
        getRequest(`/residents/${residentId}/documents/${documentId}`, cookie),
        params(residentId, documentId),
      );
    expect((await get(w.b.residentId, w.b.documentId, cw)).status).toBe(404);
    expect((await get(w.a.residentId, w.b.documentId, cw)).status).toBe(404);
    const denied = await get(w.a.residentId, w.a.documentId, gm);
    expect(denied.status).toBe(403);
    expect(denied.body).not.toContain("%PDF");
  });
});

describe("removing a document", () => {
  it("needs a reason and a confirmation; erases the file, keeps the row and who removed it, audited; a stale page is told", async () => {
    await upload({ kind: "referral_decision", file: fileOf(samplePng(), "skierowanie.png", "image/png") });
    const doc = docsOf(w.a.residentId).at(-1)!;
    const post = (fields: Record<string, string>) =>
      call(
        page.action!,
        postRequest(
          `/residents/${w.a.residentId}/documents`,
          { intent: "remove", documentId: String(doc.id), ...fields },
          { cookie: cw },
        ),
        { residentId: String(w.a.residentId) },
      );
    expect((await post({ reason: "", version: "1", confirmed: "yes" })).status).toBe(400);
    expect((await post({ reason: "Wrong person", version: "1" })).status).toBe(428);
    expect((await post({ reason: "Wrong person", version: "2", confirmed: "yes" })).status).toBe(409);
    expect(db.select().from(documents).where(eq(documents.id, doc.id)).get()!.content).not.toBeNull();
    expect((await post({ reason: "Wrong person", version: "1", confirmed: "yes" })).status).toBe(302);
    const after = db.select().from(documents).where(eq(documents.id, doc.id)).get()!;
    expect(after).toMatchObject({
      content: null,
      removedBy: w.userIds.case_worker,
      removalReason: "Wrong person",
      version: 2,
      sha256: doc.sha256,
      fileName: "skierowanie.png",
    });
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, "document.removed")).all().at(-1)!;
    expect(audit).toMatchObject({ entityId: String(doc.id), institutionId: w.a.institutionId });
    // Gone from downloads; a second removal is refused.
    expect(
      (
        await call(download.loader!, getRequest(`/residents/${w.a.residentId}/documents/${doc.id}`, cw), {
          residentId: String(w.a.residentId),
          documentId: String(doc.id),
        })
      ).status,
    ).toBe(404);
    expect((await post({ reason: "again", version: "2", confirmed: "yes" })).body).toContain(
      "documents.errors.alreadyRemoved",
    );
  });
});

describe("a working group meeting's minutes", () => {
  const params = (s: World["a"]) => ({ planId: String(s.planId), meetingId: String(s.meetingId) });
  const url = (s: World["a"]) => `/plans/${s.planId}/group/meetings/${s.meetingId}`;

  it("are uploaded by the group (not before the meeting), downloaded as an attachment, out of reach of another plan area", async () => {
    const post = (fields: Record<string, string | File>, s = w.a) =>
      call(
        meetingPage.action!,
        postRequest(
          url(s),
          { intent: "upload", kind: "meeting_minutes", documentOn: daysAgo(1), ...fields },
          { cookie: wg },
        ),
        params(s),
      );
    const early = await post({
      documentOn: daysAgo(30),
      file: fileOf(await samplePdf(), "protokol.pdf", "application/pdf"),
    });
    expect(early.body).toContain("documents.errors.minutesBeforeMeeting");
    const ok = await post({ file: fileOf(await samplePdf("Protokół"), "protokół.pdf", "application/pdf") });
    expect(ok.status, ok.body).toBe(302);
    expect((await post({ file: fileOf(await samplePdf(), "p.pdf", "application/pdf") }, w.b)).status).toBe(404);
    const id = db.select().from(documents).where(eq(documents.meetingId, w.a.meetingId)).all().at(-1)!.id;
    const res = (await meetingDownload.loader!({
      request: getRequest(`${url(w.a)}/documents/${id}`, cw),
      params: { ...params(w.a), documentId: String(id) },
      context: {},
    })) as Response;
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const foreign = await call(meetingDownload.loader!, getRequest(`${url(w.b)}/documents/${w.b.minutesId}`, cw), {
      ...params(w.b),
      documentId: String(w.b.minutesId),
    });
    expect(foreign.status).toBe(404);
    const page = await call(meetingPage.loader!, getRequest(url(w.a), cw), params(w.a));
    expect(page.body).toContain("protokół.pdf");
  });
});

describe("backup and restore", () => {
  it("keep every document's bytes", async () => {
    const file = process.env.DATABASE_PATH!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-docs-backup-"));
    const stored = db.select().from(documents).all();
    expect(stored.length).toBeGreaterThan(2);
    await backupDatabase(file, path.join(dir, "b.db"));
    await restoreDatabase(path.join(dir, "b.db"), path.join(dir, "restored.db"), {
      force: false,
      knownMigrations: knownMigrationCount(),
    });
    const restored = openDatabase(path.join(dir, "restored.db"));
    const back = restored.select().from(documents).all();
    expect(back.map((d) => [d.id, d.sha256, d.content?.length ?? null])).toEqual(
      stored.map((d) => [d.id, d.sha256, d.content?.length ?? null]),
    );
    for (const d of back)
      if (d.content) expect(Buffer.compare(d.content, stored.find((s) => s.id === d.id)!.content!)).toBe(0);
    restored.$client.close();
  });
});

describe("file names", () => {
  it("a download's name has no folder, control characters or quotes, and at most 150 characters with its ending", async () => {
    const { cleanFileName } = await import("#app/modules/documents/file-check.server");
    expect(cleanFileName('C:\\Users\\anna\\skan\u0000 "1".pdf')).toBe("skan 1.pdf");
    expect(cleanFileName("../../etc/passwd.png")).toBe("passwd.png");
    const long = cleanFileName(`${"ą".repeat(300)}.jpeg`);
    expect(long).toHaveLength(150);
    expect(long.endsWith(".jpeg")).toBe(true);
  });
});

describe("the service refuses what the route would", () => {
  it("an upload by a user without the resident's institution stores nothing", async () => {
    const { uploadResidentDocument } = await import("#app/modules/documents/service.server");
    const ctx = contextFor(db, w.userIds.case_worker);
    await expect(
      uploadResidentDocument(
        ctx,
        w.b.residentId,
        { kind: "consent", documentOn: daysAgo(1), stepSeq: null },
        fileOf(await samplePdf(), "z.pdf"),
      ),
    ).rejects.toMatchObject({ label: "not_found" });
  });
});
