/**
 * Test helper: score-report PDFs made with pdf-lib. pdf-lib cannot encrypt, so
 * `encryptedPdf` adds a real Standard security handler (revision 2, 40-bit RC4, a user
 * password) by hand: O and U are computed as in the PDF spec (algorithms 3.2-3.4), so PDF.js
 * asks for the password exactly as it would for a protected report.
 */
import { createHash } from "node:crypto";
import { PDFDocument, PDFHexString, StandardFonts, rgb } from "pdf-lib";

export type Row = string | [string, string] | [string, string, string];

/** A one-page report: plain lines, or table rows drawn as separate cells at fixed x positions. */
export async function reportPdf(rows: Row[], opts: { pages?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const columns = [50, 330, 420];
  for (let p = 0; p < (opts.pages ?? 1); p++) {
    const page = doc.addPage([612, 792]);
    let y = 740;
    for (const row of p === 0 ? rows : [`Page ${p + 1}`]) {
      const cells = typeof row === "string" ? [row] : row;
      cells.forEach((cell, i) => page.drawText(cell, { x: columns[i], y, size: 10, font }));
      y -= 18;
    }
  }
  return doc.save();
}

/** A page with a drawn rectangle and no text at all (like a scan without OCR). */
export async function drawingOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawRectangle({ x: 50, y: 500, width: 300, height: 120, color: rgb(0.2, 0.4, 0.8) });
  return doc.save();
}

const PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
  0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

function padPassword(password: string): Uint8Array {
  const raw = new TextEncoder().encode(password).slice(0, 32);
  const out = new Uint8Array(32);
  out.set(raw);
  out.set(PAD.slice(0, 32 - raw.length), raw.length);
  return out;
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = new Uint8Array(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => new Uint8Array(createHash("md5").update(Buffer.concat(parts)).digest());
const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");

export async function encryptedPdf(userPassword = "secret", ownerPassword = "owner"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("AZ-104 score report", { x: 50, y: 700, size: 12, font });
  const O = rc4(md5(padPassword(ownerPassword)).slice(0, 5), padPassword(userPassword));
  const id = md5(new TextEncoder().encode("baseline-test-document"));
  const P = -4;
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, P, true);
  const key = md5(padPassword(userPassword), O, p, id).slice(0, 5);
  const U = rc4(key, PAD);
  const encrypt = doc.context.obj({ Filter: "Standard", V: 1, R: 2, O: PDFHexString.of(hex(O)), U: PDFHexString.of(hex(U)), P });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(hex(id)), PDFHexString.of(hex(id))]);
  return doc.save({ useObjectStreams: false });
}
