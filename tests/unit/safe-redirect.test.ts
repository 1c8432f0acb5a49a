import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "#app/utils/request.server";

/**
 * Issue #16 finding 2: `redirectTo` must never send the browser to another site. The check is the
 * browser's own: the WHATWG URL parser (what Chromium and Firefox use to resolve `Location`)
 * resolves the answer against this site's origin and must land on this origin.
 */
const ORIGIN = "https://app.example";
const FALLBACK = "/dashboard";

function landsHere(location: string): boolean {
  return new URL(location, ORIGIN).origin === ORIGIN;
}

/** A Location header the server can send at all (Headers.set throws on CR, LF, NUL). */
function sendable(location: string): boolean {
  try {
    new Headers({ Location: location });
    return true;
  } catch {
    return false;
  }
}

const NASTY = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\u0000/evil.example",
  "/ /evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "/%09/evil.example",
  "/%2F/evil.example",
  "/%5C/evil.example",
  "/%0A/x",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  " /\t/evil.example",
  "/\u3000/evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\ufeff/evil.example",
  "/.//evil.example",
  "/./\t/evil.example",
  "evil.example",
  "",
];

describe("safeRedirectPath", () => {
  it("keeps a path of this site, with its query and fragment", () => {
    expect(safeRedirectPath("/residents/12?tab=plan#visits", FALLBACK)).toBe("/residents/12?tab=plan#visits");
    expect(safeRedirectPath("/grants", FALLBACK)).toBe("/grants");
    expect(safeRedirectPath("/residents?q=Kowalska%20Anna", FALLBACK)).toBe("/residents?q=Kowalska%20Anna");
  });

  it("refuses each input the probe and its variants used (tab, newline, backslash, //, encoded, other schemes)", () => {
    for (const input of NASTY) {
      const out = safeRedirectPath(input, FALLBACK);
      expect(landsHere(out), JSON.stringify(input)).toBe(true);
      expect(sendable(out), JSON.stringify(input)).toBe(true);
      // Nothing of the other host survives in the answer.
      expect(out, JSON.stringify(input)).not.toMatch(/evil\.example/);
    }
    expect(safeRedirectPath("/\t/evil.example", FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectPath("/%0A/x", FALLBACK)).toBe(FALLBACK);
  });

  it("whatever the input, the answer resolves to this origin, can be sent as a header, and is the fallback or a clean path", () => {
    const piece = fc.constantFrom(
      "/",
      "\\",
      "//",
      "\t",
      "\n",
      "\r",
      "\u0000",
      " ",
      "%",
      "%2F",
      "%5C",
      "%09",
      "%0A",
      ".",
      "..",
      "evil.example",
      "@",
      ":",
      "?",
      "#",
      "http:",
      "\u3000",
      "\u00a0",
      "\ufeff",
      "a",
    );
    const nasty = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(nasty, fc.string({ unit: "binary" }), fc.webUrl(), fc.webPath()), (input) => {
        const out = safeRedirectPath(input, FALLBACK);
        if (out === FALLBACK) return true;
        return (
          landsHere(out) &&
          sendable(out) &&
          out.startsWith("/") &&
          !out.startsWith("//") &&
          !/[\u0000-\u001f\u007f\\]/.test(out)
        );
      }),
      { numRuns: 5000 },
    );
  });
});
