import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Decision 056: exceljs, pdfkit, svg-to-pdfkit, jszip and file-type are imported on first use
 * (`await import(…)`), never statically from app/: a static import loads them in every serving
 * process at start (about 70 MB and 270 ms of start-up in all).
 */
const root = path.resolve(import.meta.dirname, "../..");
const LAZY = new Set(["exceljs", "pdfkit", "svg-to-pdfkit", "jszip", "file-type"]);

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

function staticValueImports(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms)].map((m) => m[1]!);
}

describe("libraries loaded on first use are not imported statically", () => {
  const files = sources("app");
  it("reads the app's modules", () => expect(files.length).toBeGreaterThan(100));
  it("no module of app/ imports one of them statically", () => {
    const offending = files.flatMap((file) =>
      staticValueImports(fs.readFileSync(path.join(root, file), "utf8"))
        .filter((s) => LAZY.has(s))
        .map((s) => `${file}: ${s}`),
    );
    expect(offending).toEqual([]);
  });
  it("the check sees a static import and lets a type import and a dynamic one pass (it can fail)", () => {
    const source =
      'import type ExcelJS from "exceljs";\nimport PDFDocument from "pdfkit";\nconst x = await import("jszip");\n';
    expect(staticValueImports(source).filter((s) => LAZY.has(s))).toEqual(["pdfkit"]);
  });
});
