import zlib from "node:zlib";

/**
 * The text of a PDF that pdfkit wrote, one line per text object, in drawing order. Enough to
 * read our own reports back in tests (no PDF library in the project): it inflates the streams,
 * reads each font's ToUnicode map and decodes the glyph codes of every Tj / TJ. Kerning offsets
 * inside TJ arrays are dropped; spaces are glyphs in pdfkit's output, so words stay apart.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.indexOf("stream");
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = m.index! + m[0].indexOf(body) + at + "stream".length + (body[at + 6] === "\r" ? 2 : 1);
    const end = raw.indexOf("endstream", start);
    let data = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) data = zlib.inflateSync(data);
    objects.set(Number(m[1]), { dict, stream: data.toString("latin1") });
  }

  // Glyph code (4 hex digits) → text, per font object.
  const cmaps = new Map<number, Map<string, string>>();
  const hexText = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [id, o] of objects) {
    const ref = /\/Type \/Font[\s\S]*\/ToUnicode (\d+) 0 R/.exec(o.dict);
    const cmap = ref ? objects.get(Number(ref[1]))?.stream : null;
    if (!cmap) continue;
    const map = new Map<string, string>();
    for (const r of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const first = parseInt(r[1]!, 16);
      // An entry may hold several code units, space-separated (a ligature: <0066 0069> is "fi").
      [...r[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, k) =>
        map.set((first + k).toString(16).padStart(4, "0"), hexText(u[1]!.replace(/\s+/g, ""))),
      );
    }
    // Ranges to one first code point (the arrays above removed, so that they are not read twice).
    const plain = cmap.replace(/<[0-9a-f]{4}> <[0-9a-f]{4}> \[[^\]]*\]/gi, "");
    for (const section of plain.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of section[1]!.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
        const [a, b, u] = [parseInt(r[1]!, 16), parseInt(r[2]!, 16), parseInt(r[3]!, 16)];
        for (let c = a; c <= b; c++) map.set(c.toString(16).padStart(4, "0"), String.fromCodePoint(u + c - a));
      }
    }
    for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const r of section[1]!.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]+)>/gi))
        map.set(r[1]!.toLowerCase(), hexText(r[2]!));
    }
    cmaps.set(id, map);
  }
  // Resource names (/F1 …) → font objects: pdfkit names each font once per document.
  const fonts = new Map<string, Map<string, string>>();
  for (const o of objects.values()) {
    for (const f of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const r of f[1]!.matchAll(/\/(\w+) (\d+) 0 R/g)) {
        const map = cmaps.get(Number(r[2]));
        if (map) fonts.set(r[1]!, map);
      }
    }
  }

  const lines: string[] = [];
  for (const o of objects.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream)) continue;
    for (const bt of o.stream.matchAll(/BT([\s\S]*?)ET/g)) {
      let font: Map<string, string> | undefined;
      let text = "";
      for (const op of bt[1]!.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-f]*)> Tj/gi)) {
        if (op[1]) font = fonts.get(op[1]);
        const hexes =
          op[2] !== undefined
            ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!)
            : op[3] !== undefined
              ? [op[3]]
              : [];
        for (const h of hexes)
          text += (h.match(/.{4}/g) ?? []).map((g) => font?.get(g.toLowerCase()) ?? "\uFFFD").join("");
      }
      lines.push(text);
    }
  }
  return lines.join("\n");
}
