import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "#app/utils/form.server";
import { getClientIp } from "#app/utils/request.server";

const ORIGIN = "http://localhost:3000";
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/x`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, ...headers },
  });

describe("form fields named like Object's own properties", () => {
  it("__proto__, constructor and toString are ordinary fields: no prototype is replaced", async () => {
    const schema = z.looseObject({ name: z.string() });
    const r = await parseForm(post("__proto__=x&constructor=y&toString=z&name=Ala&__proto__=w"), schema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const values = r.values as Record<string, unknown>;
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(values["__proto__"]).toEqual(["x", "w"]);
    expect([values.name, values.constructor, values.toString]).toEqual(["Ala", "y", "z"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("client address for the audit log", () => {
  const req = (xff?: string) => new Request(`${ORIGIN}/`, { headers: xff ? { "X-Forwarded-For": xff } : {} });

  it("ignores X-Forwarded-For unless a proxy is trusted: a client cannot write its own address", () => {
    expect(getClientIp(req("6.6.6.6"), false)).toBeNull();
  });

  it("behind a trusted proxy takes the address the proxy appended (the last one)", () => {
    expect(getClientIp(req("6.6.6.6, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(getClientIp(req("203.0.113.9"), true)).toBe("203.0.113.9");
    expect(getClientIp(req(), true)).toBeNull();
  });
});

describe("file downloads and the translations carry the security headers", () => {
  it("an export: no-store, nosniff, no framing, an attachment", async () => {
    const { fileResponse } = await import("#app/utils/headers.server");
    const r = fileResponse(new TextEncoder().encode("a;b"), {
      contentType: "text/csv; charset=utf-8",
      fileName: "r.csv",
    });
    expect(
      Object.fromEntries(
        ["cache-control", "x-content-type-options", "x-frame-options", "content-disposition"].map((h) => [
          h,
          r.headers.get(h),
        ]),
      ),
    ).toEqual({
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "content-disposition": 'attachment; filename="r.csv"',
    });
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await r.text()).toBe("a;b");
  });

  it("the translations keep their cache time and get nosniff and frame-ancestors", async () => {
    const { loader } = await import("#app/routes/locales.$lng");
    const r = (await loader({
      params: { lng: "pl" },
      request: new Request(`${ORIGIN}/locales/pl?v=1`),
      context: {},
    })) as Response;
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
