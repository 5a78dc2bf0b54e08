/**
 * Test helper: hostile PDFs, written byte by byte and small on disk, that make a naive text
 * extractor use gigabytes or minutes (issue 14). Used by the extraction limit tests.
 */
import zlib from "node:zlib";

/** A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table. */
export function rawPdf(objects: (string | Uint8Array)[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [enc.encode("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let size = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(size);
    const head = enc.encode(`${i + 1} 0 obj\n`);
    const bytes = typeof body === "string" ? enc.encode(body) : body;
    const tail = enc.encode("\nendobj\n");
    parts.push(head, bytes, tail);
    size += head.length + bytes.length + tail.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function streamObject(dict: string, data: Uint8Array): Uint8Array {
  const enc = new TextEncoder();
  const head = enc.encode(`<< ${dict} /Length ${data.length} >>\nstream\n`);
  const tail = enc.encode("\nendstream");
  const out = new Uint8Array(head.length + data.length + tail.length);
  out.set(head);
  out.set(data, head.length);
  out.set(tail, head.length + data.length);
  return out;
}

/** zlib data of `size` zero bytes, streamed through one deflater. */
export async function zeroBombAsync(size: number): Promise<Uint8Array> {
  const z = zlib.createDeflate({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  z.on("data", (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    z.on("end", resolve);
    z.on("error", reject);
  });
  const chunk = Buffer.alloc(1 << 20);
  for (let left = size; left > 0; left -= chunk.length) {
    const n = Math.min(left, chunk.length);
    if (!z.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

const FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/** One page whose content stream is a small zlib stream that inflates to `inflatedBytes` bytes. */
export async function inflateBombPdf(inflatedBytes: number): Promise<Uint8Array> {
  const content = await zeroBombAsync(inflatedBytes);
  return rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    streamObject("/Filter /FlateDecode", content),
    FONT,
  ]);
}

/**
 * `pages` pages that all draw one shared, compressed content stream of `showsPerPage` text
 * operations: small on disk, and every page makes the extractor decode and lay out all of it.
 */
export function sharedStreamPdf(pages: number, showsPerPage: number): Uint8Array {
  const ops: string[] = ["BT /F1 10 Tf"];
  for (let i = 0; i < showsPerPage; i++) ops.push(`1 0 0 1 ${(i * 7) % 600} ${(i * 13) % 780} Tm (Skill ${i % 97}) Tj`);
  ops.push("ET");
  const content = zlib.deflateSync(Buffer.from(ops.join("\n")), { level: 9 });
  const first = 4; // page objects start here
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(" ");
  const contentRef = first + pages;
  const fontRef = contentRef + 1;
  return rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    "<< >>",
    ...Array.from({ length: pages }, () => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontRef} 0 R >> >> /Contents ${contentRef} 0 R >>`),
    streamObject("/Filter /FlateDecode", content),
    FONT,
  ]);
}
