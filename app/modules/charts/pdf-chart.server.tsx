import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/**
 * Chart images in the PDFs (decision 040): the page's own chart component is rendered to SVG on
 * the server (recharts 2 draws SVG with fixed sizes and no measured text) and drawn into the PDF
 * as vectors by svg-to-pdfkit, with the document's DejaVu fonts (`createPdf`'s `chart`). One drawing for the page and
 * the file, so they cannot disagree.
 */
export function chartSvg(chart: ReactElement): string {
  const html = renderToStaticMarkup(chart);
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0];
  if (!svg) throw new Error("the chart rendered no SVG");
  // A standalone SVG document names its namespace (inside HTML, recharts need not).
  return svg.includes("xmlns=") ? svg : svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ');
}
