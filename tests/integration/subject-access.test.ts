import crypto from "node:crypto";
import JSZip from "jszip";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents } from "#db/schema";
import { buildWorld, type World } from "#tests/factories/world";
import { pdfText } from "#tests/support/pdf-text";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/** GDPR art. 15 and 20 (issue #16, "beyond the mends" item 1): a resident's complete data as a PDF and a ZIP of JSON and files. */
let db: Db;
let w: World;
let pdfRoute: RouteModule;
let zipRoute: RouteModule;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  pdfRoute = await loadRoute("_app.residents.$residentId.subject-access[.]pdf.ts");
  zipRoute = await loadRoute("_app.residents.$residentId.subject-access[.]zip.ts");
}, 60_000);

const exports = () =>
  db.select().from(auditEvents).where(eq(auditEvents.action, "resident.subject_access_exported")).all();

async function get(route: RouteModule, residentId: number, cookie: string, ext: "pdf" | "zip") {
  return call(route.loader!, getRequest(`/residents/${residentId}/subject-access.${ext}`, cookie), {
    residentId: String(residentId),
  });
}

describe("the person's data for an art. 15 / art. 20 request", () => {
  it("as a PDF: the case file with recipients, retention and rights; download only, no-store, audited", async () => {
    const cw = await signIn(w.emails.case_worker);
    const before = exports().length;
    const res = (await pdfRoute.loader!({
      request: getRequest(`/residents/${w.a.residentId}/subject-access.pdf`, cw),
      params: { residentId: String(w.a.residentId) },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="personal-data-${w.a.residentCode}.pdf"`);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, " ");
    for (const fact of ["Personal data held", "GenowefaA", "SekretnaAzq", "About this processing", "Recipients"])
      expect(text, fact).toContain(fact);
    expect(text).toContain(w.a.grantContract);
    for (const secret of w.b.secrets) expect(text).not.toContain(secret);
    const audit = exports();
    expect(audit.length).toBe(before + 1);
    expect(audit.at(-1)).toMatchObject({
      entityType: "resident",
      entityId: String(w.a.residentId),
      actorUserId: w.userIds.case_worker,
      institutionId: w.a.institutionId,
      after: { format: "pdf" },
    });
  });

  it("as a ZIP: data.json in the documented structure and the documents' files, which match their hashes", async () => {
    const admin = await signIn(w.emails.admin);
    const res = (await zipRoute.loader!({
      request: getRequest(`/residents/${w.a.residentId}/subject-access.zip`, admin),
      params: { residentId: String(w.a.residentId) },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="personal-data-.+\.zip"$/);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(await zip.file("data.json")!.async("string"));
    expect(data.format).toBe("di-transition/subject-access@1");
    expect(data.person).toMatchObject({ code: w.a.residentCode, firstName: "GenowefaA", lastName: "SekretnaAzq" });
    for (const key of [
      "transition",
      "assessment",
      "plan",
      "consents",
      "placements",
      "followUpVisits",
      "communityServices",
      "history",
      "documents",
      "processing",
    ])
      expect(data, key).toHaveProperty(key);
    expect(JSON.stringify(data.history)).toContain("NotatkaAzq");
    const doc = data.documents.find((d: { id: number }) => d.id === w.a.documentId);
    expect(doc).toMatchObject({ kind: "consent", fileName: "zgoda-A.pdf", contentType: "application/pdf" });
    const bytes = await zip.file(doc.file)!.async("nodebuffer");
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(doc.sha256);
    expect(data.processing.recipients.map((g: { contractNumber: string }) => g.contractNumber)).toContain(
      w.a.grantContract,
    );
    const all = JSON.stringify(data);
    for (const secret of w.b.secrets) expect(all).not.toContain(secret);
    expect(exports().at(-1)).toMatchObject({ actorUserId: w.userIds.admin, after: { format: "zip" } });
  });

  it("a case worker of another institution gets a 404 (audited); a working-group member and a grant manager a 403", async () => {
    const otherWorker = await signIn("cw-b@world.test");
    const denials = () => db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all().length;
    const before = exports().length;
    const deniedBefore = denials();
    for (const [route, ext] of [
      [pdfRoute, "pdf"],
      [zipRoute, "zip"],
    ] as const) {
      expect((await get(route, w.a.residentId, otherWorker, ext)).status).toBe(404);
      expect((await get(route, w.a.residentId, await signIn(w.emails.working_group), ext)).status).toBe(403);
      expect((await get(route, w.a.residentId, await signIn(w.emails.grant_manager), ext)).status).toBe(403);
    }
    expect(exports().length).toBe(before);
    expect(denials()).toBe(deniedBefore + 6);
  });
});
