import PDFDocument from 'pdfkit';
import type { CjkFont } from './cjk-font';
import type { DocumentBlock, DocumentLayout } from './document-layout';

const FONT = 'cjk';
/** A4 with the margins of a printed 协议书 (about 2.5 cm sides). */
const PAGE = { size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 } } as const;
const BODY_SIZE = 12;
const INDENT = BODY_SIZE * 2;

/** Draws a layout onto A4 pages with the CJK font embedded (subset); resolves to the PDF's bytes. */
export function renderPdf(layout: DocumentLayout, font: CjkFont, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    ...PAGE,
    info: { Title: layout.title, Subject: layout.subject, Creator: 'chuishao', CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, font.path, font.face);
  doc.font(FONT).fontSize(22).text(layout.title, { align: 'center', characterSpacing: 4 });
  if (layout.reference) doc.moveDown(0.5).fontSize(BODY_SIZE).text(layout.reference, { align: 'right' });
  doc.moveDown(1);
  for (const block of layout.blocks) drawBlock(doc, block);
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, block: DocumentBlock): void {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.5).fontSize(14).text(block.text).moveDown(0.3);
      return;
    case 'paragraph':
      doc.fontSize(BODY_SIZE).text(block.text, { indent: INDENT, lineGap: 4, align: 'justify' });
      doc.moveDown(0.3);
      return;
    case 'fields':
      doc.fontSize(BODY_SIZE);
      for (const [label, value] of block.rows) doc.text(`${label}：${value}`, { lineGap: 4 });
      doc.moveDown(0.3);
      return;
    case 'signatures':
      doc.moveDown(1.5).fontSize(BODY_SIZE);
      for (const [label, value] of block.rows)
        doc.text(`${label}：${value || '＿＿＿＿＿＿＿＿'}`, { align: 'right', lineGap: 10 });
      return;
  }
}
