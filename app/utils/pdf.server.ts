import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// DejaVu Sans covers Polish and Cyrillic letters (PDF's built-in fonts do not).
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const TABLE_FONT_SIZE = 8;
const PAD = 3;

export interface Column {
  header: string;
  width: number;
  align?: "left" | "right" | "center";
}

/**
 * The one way this product writes a PDF (the plan, the period report, the case file): A4 with the
 * DejaVu fonts ("body", "bold"), the bytes collected into a Buffer (`done`), and the writing
 * helpers every document uses: headings that keep a few lines of what follows on their page,
 * paragraphs, "label: value" lines and a gridded table whose header repeats on each page.
 */
export async function createPdf(options: {
  title: string;
  layout?: "portrait" | "landscape";
  margins: { top: number; left: number; right: number; bottom: number };
  /** Keep pages in memory so a footer can be written on each at the end. */
  bufferPages?: boolean;
  sizes?: { h1: number; h2: number; h3: number; body: number };
}) {
  // Loaded on the first PDF, not when a serving process starts (about 30 MB of its memory).
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([
    import("pdfkit"),
    import("svg-to-pdfkit"),
  ]);
  const sizes = options.sizes ?? { h1: 16, h2: 12, h3: 10, body: 9.5 };
  const doc = new PDFDocument({
    size: "A4",
    layout: options.layout ?? "portrait",
    margins: options.margins,
    bufferPages: options.bufferPages ?? false,
    info: { Title: options.title, Creator: "DI transitions" },
  });
  doc.registerFont("body", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const h1 = (s: string) => doc.font("bold").fontSize(sizes.h1).text(s, left, doc.y, { width: usable }).moveDown(0.2);
  const h2 = (s: string, keep = 60) => {
    // Keep a heading with at least a few lines (`keep` points) of what follows it.
    if (doc.y + keep > bottom()) doc.addPage();
    doc.moveDown(0.6).font("bold").fontSize(sizes.h2).text(s, left, doc.y, { width: usable }).moveDown(0.2);
  };
  const h3 = (s: string) => {
    if (doc.y + 50 > bottom()) doc.addPage();
    doc.moveDown(0.4).font("bold").fontSize(sizes.h3).text(s, left, doc.y, { width: usable }).moveDown(0.15);
  };
  const p = (s: string) =>
    doc.font("body").fontSize(sizes.body).text(s, left, doc.y, { width: usable, paragraphGap: 3 });
  const line = (label: string, value: string) =>
    doc
      .font("bold")
      .fontSize(sizes.body)
      .text(`${label}: `, left, doc.y, { continued: true, width: usable })
      .font("body")
      .text(value || "—");

  /** A table of aligned columns with a grid; rows wrap, and the header repeats on each new page. */
  function table(columns: Column[], rows: string[][], groups?: { label: string; span: number }[]) {
    const heightOf = (cells: string[], widths: number[], font: "body" | "bold", size = TABLE_FONT_SIZE) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    };
    const drawRow = (
      cells: string[],
      widths: number[],
      aligns: Column["align"][],
      font: "body" | "bold",
      y: number,
      shade: boolean,
      size = TABLE_FONT_SIZE,
    ) => {
      const h = heightOf(cells, widths, font, size);
      let x = left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (shade) doc.rect(x, y, w, h).fill("#eeeeee");
        doc.lineWidth(0.5).strokeColor("#888888").rect(x, y, w, h).stroke();
        doc
          .fillColor("black")
          .font(font)
          .fontSize(size)
          .text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: aligns[i] ?? "left", lineBreak: true });
        x += w;
      });
      return y + h;
    };
    /** The largest size (down to 6 pt) at which no word of a header is cut inside a narrow column. */
    const headerSize = (cells: string[], widths: number[]) =>
      [TABLE_FONT_SIZE, 7.5, 7, 6.5, 6].find((size) => {
        doc.font("bold").fontSize(size);
        return cells.every((c, i) => c.split(/\s+/).every((word) => doc.widthOfString(word) <= widths[i]! - 2 * PAD));
      }) ?? 6;
    const widths = columns.map((c) => c.width);
    const headerRows: { cells: string[]; widths: number[]; aligns: Column["align"][]; size: number }[] = [];
    const addHeader = (cells: string[], ws: number[], aligns: Column["align"][]) =>
      headerRows.push({ cells, widths: ws, aligns, size: headerSize(cells, ws) });
    if (groups) {
      // Group labels span their columns; the columns before the groups keep their own headers below.
      const lead = columns.length - groups.reduce((n, gr) => n + gr.span, 0);
      const gw: number[] = [];
      const gc: string[] = [];
      for (let i = 0; i < lead; i++) {
        gw.push(widths[i]!);
        gc.push("");
      }
      let at = lead;
      for (const gr of groups) {
        gw.push(widths.slice(at, at + gr.span).reduce((a, b) => a + b, 0));
        gc.push(gr.label);
        at += gr.span;
      }
      addHeader(
        gc,
        gw,
        gc.map(() => "center"),
      );
    }
    addHeader(
      columns.map((c) => c.header),
      widths,
      columns.map((c) => c.align),
    );
    const headerHeight = headerRows.reduce((n, r) => n + heightOf(r.cells, r.widths, "bold", r.size), 0);
    const drawHeader = (y: number) =>
      headerRows.reduce((yy, r) => drawRow(r.cells, r.widths, r.aligns, "bold", yy, true, r.size), y);

    let y = doc.y;
    const firstRow = rows[0] ? heightOf(rows[0], widths, "body") : 0;
    if (y + headerHeight + firstRow > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    y = drawHeader(y);
    for (const r of rows) {
      const h = heightOf(r, widths, "body");
      if (y + h > bottom()) {
        doc.addPage();
        y = drawHeader(doc.page.margins.top);
      }
      y = drawRow(
        r,
        widths,
        columns.map((c) => c.align),
        "body",
        y,
        false,
      );
    }
    doc.x = left;
    doc.y = y + 6;
  }

  /** On every page (pages must be buffered): a rule, `text` at the left and "page n of m" at the right. */
  function footer(text: string, pageLabel: (page: number, pages: number) => string, marginBelow: number) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const savedBottom = doc.page.margins.bottom;
      // Writing below the bottom margin would otherwise start a new page.
      doc.page.margins.bottom = 0;
      const y = doc.page.height - marginBelow - 10;
      doc
        .lineWidth(0.5)
        .strokeColor("#888888")
        .moveTo(left, y - 4)
        .lineTo(left + usable, y - 4)
        .stroke();
      const label = pageLabel(i - range.start + 1, range.count);
      doc.fillColor("black").font("body").fontSize(7);
      const pageWidth = doc.widthOfString(label) + 4;
      doc.text(text, left, y, { width: usable - pageWidth - 10, lineBreak: false, ellipsis: true });
      doc.text(label, left + usable - pageWidth, y, { width: pageWidth, align: "right", lineBreak: false });
      doc.page.margins.bottom = savedBottom;
    }
  }

  /**
   * Draws a chart's SVG (`chartSvg`, decision 040) at (x, y) scaled to `width` points, keeping its
   * proportions, as vectors in the document's fonts; returns the height used.
   */
  function chart(svg: string, at: { x: number; y: number; width: number }): number {
    const w = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 600);
    const h = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 300);
    const height = (at.width * h) / w;
    SVGtoPDF(doc, svg, at.x, at.y, {
      width: at.width,
      height,
      assumePt: false,
      fontCallback: (_family, bold) => (bold ? "bold" : "body"),
      warningCallback: () => undefined,
    });
    return height;
  }

  return { doc, done, left, usable, bottom, h1, h2, h3, p, line, table, footer, chart, TABLE_FONT_SIZE, PAD };
}
