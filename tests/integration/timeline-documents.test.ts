import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { buildWorld, type World } from "#tests/factories/world";
import { contextFor } from "#tests/factories";
import { pdfText } from "#tests/support/pdf-text";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";
import type { HistoryItem } from "#app/modules/transitions/history.server";

/**
 * Issue #15 item 4 (left from stop 22): a resident's documents stand in the on-screen history
 * (timeline) with their kind, date, who uploaded them and a download for those who may see the
 * record; a removed one says who removed it and why, without a link (decision 046).
 */
let db: Db;
let w: World;
let page: RouteModule;
let download: RouteModule;
let caseFile: RouteModule;
let cw: string;
let gm: string;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  page = await loadRoute("_app.residents.$residentId._index.tsx");
  download = await loadRoute("_app.residents.$residentId.documents_.$documentId.ts");
  caseFile = await loadRoute("_app.residents.$residentId.case-file[.]pdf.ts");
  cw = await signIn(w.emails.case_worker);
  gm = await signIn(w.emails.grant_manager);
}, 60_000);

async function timeline(cookie = cw) {
  const o = await call(page.loader!, getRequest(`/residents/${w.a.residentId}`, cookie), {
    residentId: String(w.a.residentId),
  });
  expect(o.status, o.body).toBe(200);
  return (o.data as { events: HistoryItem[] }).events;
}

describe("documents in the resident's history", () => {
  it("lists the document at its date with its kind, who uploaded it and when (never its bytes)", async () => {
    const items = await timeline();
    const doc = items.find((i) => i.kind === "document");
    expect(doc).toMatchObject({
      kind: "document",
      id: w.a.documentId,
      documentKind: "consent",
      removed: null,
    });
    if (doc?.kind !== "document") throw new Error("no document entry");
    expect(doc.actorName).toBeTruthy();
    expect(doc.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(doc.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(doc)).not.toContain("content");
    // In date order with the other entries.
    const dates = items.map((i) => (i.kind === "note" ? i.occurredOn : i.kind === "fact" ? (i.on ?? "") : i.on));
    const at = items.indexOf(doc);
    expect(dates.slice(0, at).every((d) => d <= doc.on)).toBe(true);
  });

  it("the entry's download answers the file as an attachment to the case worker", async () => {
    const res = await call(
      download.loader!,
      getRequest(`/residents/${w.a.residentId}/documents/${w.a.documentId}`, cw),
      {
        residentId: String(w.a.residentId),
        documentId: String(w.a.documentId),
      },
    );
    expect(res.status).toBe(200);
  });

  it("a role that may not see the record sees neither the history nor the file", async () => {
    const o = await call(page.loader!, getRequest(`/residents/${w.a.residentId}`, gm), {
      residentId: String(w.a.residentId),
    });
    expect(o.status).toBe(403);
    const d = await call(download.loader!, getRequest(`/residents/${w.a.residentId}/documents/${w.a.documentId}`, gm), {
      residentId: String(w.a.residentId),
      documentId: String(w.a.documentId),
    });
    expect(d.status).toBe(403);
  });

  it("a removed document stays in the history with who removed it and why; the case file prints it", async () => {
    const { removeResidentDocument } = await import("#app/modules/documents/service.server");
    removeResidentDocument(contextFor(db, w.userIds.case_worker), w.a.residentId, {
      documentId: w.a.documentId,
      reason: "Skan nieczytelny",
      version: 1,
    });
    const doc = (await timeline()).find((i) => i.kind === "document" && i.id === w.a.documentId);
    expect(doc).toMatchObject({ removed: { reason: "Skan nieczytelny" } });
    const res = (await caseFile.loader!({
      request: getRequest(`/residents/${w.a.residentId}/case-file.pdf`, cw),
      params: { residentId: String(w.a.residentId) },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, " ");
    expect(text).toMatch(/Dokument: Podpisana zgoda|Document: Signed consent/);
  });
});
