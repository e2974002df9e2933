/** Writes a small, valid PNG (8-bit RGB, one zlib stream) so the corpus can serve a real image. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export type Pixel = (x: number, y: number) => [number, number, number];

export function buildPng(width: number, height: number, pixel: Pixel): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // compression, filter and interlace methods stay 0
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter type: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A bar chart look-alike: two series of bars on a light background. */
export function buildChartPng(): Buffer {
  const width = 480;
  const height = 270;
  const bars = [0.35, 0.42, 0.5, 0.58, 0.63, 0.68, 0.71, 0.74];
  return buildPng(width, height, (x, y) => {
    const slot = Math.floor((x - 40) / 52);
    const within = (x - 40) % 52;
    if (x >= 40 && slot < bars.length && within < 40) {
      const isFirst = within < 20;
      const value = isFirst ? bars[slot] : 1 - bars[slot] - 0.1;
      const top = height - 30 - Math.round(value * (height - 60));
      if (y >= top && y < height - 30) return isFirst ? [230, 95, 40] : [255, 160, 0];
    }
    if (y === height - 30 && x >= 30) return [60, 60, 60];
    return [250, 250, 247];
  });
}
