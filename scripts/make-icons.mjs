#!/usr/bin/env node
/**
 * Draws the app's icons (issue #17): a white house on the product's blue, as PNG (192 and 512 px,
 * usable as "maskable": the house stays inside the safe circle) and a 32 px favicon.ico holding a
 * PNG. A hand-made PNG encoder (zlib): no image library. Run once; the files are committed
 * (`node scripts/make-icons.mjs`).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const BLUE = [0x1f, 0x5f, 0x7a, 255];
const WHITE = [255, 255, 255, 255];

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A house: a roof (triangle) over a body with a door, inside the central 60 %. */
function house(u, v) {
  const roof = v >= 0.22 && v <= 0.48 && Math.abs(u - 0.5) <= (v - 0.22) * (0.3 / 0.26);
  const body = v > 0.48 && v <= 0.78 && u >= 0.3 && u <= 0.7;
  const door = v > 0.6 && v <= 0.78 && u >= 0.45 && u <= 0.55;
  return (roof || body) && !door ? WHITE : BLUE;
}

const dir = path.resolve(import.meta.dirname, "../public");
fs.mkdirSync(path.join(dir, "icons"), { recursive: true });
for (const size of [192, 512]) fs.writeFileSync(path.join(dir, `icons/icon-${size}.png`), png(size, house));

// favicon.ico: one 32 px image stored as PNG (allowed since Windows Vista; every browser reads it).
const small = png(32, house);
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // icon
header.writeUInt16LE(1, 4); // one image
header[6] = 32;
header[7] = 32;
header.writeUInt16LE(1, 10); // planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(small.length, 14);
header.writeUInt32LE(22, 18);
fs.writeFileSync(path.join(dir, "favicon.ico"), Buffer.concat([header, small]));
console.log("icons written to public/");
