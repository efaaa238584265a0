import PDFDocument from 'pdfkit';
import type { RecordDocument } from '../../core/records/record-document.ts';
import type { TrendChart } from '../../core/rituals/trend-chart.ts';

const MARGIN = 50;
const BLUE = '#2563eb';

/** Draws a chart as vector paths at the current position (the same geometry as the Markdown's SVG). */
function drawChart(pdf: PDFKit.PDFDocument, c: TrendChart): void {
  if (pdf.y + c.height > pdf.page.height - MARGIN) pdf.addPage();
  const ox = MARGIN;
  const oy = pdf.y;
  const { plot } = c;
  const bottom = oy + plot.y + plot.height;
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('black')
    .text(c.title, ox + plot.x, oy + 4, { lineBreak: false });
  pdf
    .strokeColor('#888888')
    .lineWidth(0.75)
    .moveTo(ox + plot.x, oy + plot.y)
    .lineTo(ox + plot.x, bottom)
    .lineTo(ox + plot.x + plot.width, bottom)
    .stroke();
  pdf.font('Helvetica').fontSize(8);
  pdf.text(c.maxLabel, ox, oy + plot.y - 3, { width: plot.x - 4, align: 'right', lineBreak: false });
  pdf.text('0', ox, bottom - 3, { width: plot.x - 4, align: 'right', lineBreak: false });
  let open = false;
  pdf.strokeColor(BLUE).lineWidth(1.5);
  for (const p of c.points) {
    if (p.y === null) {
      if (open) pdf.stroke();
      open = false;
      continue;
    }
    if (open) pdf.lineTo(ox + p.x, oy + p.y);
    else pdf.moveTo(ox + p.x, oy + p.y);
    open = true;
  }
  if (open) pdf.stroke();
  for (const p of c.points) if (p.y !== null) pdf.circle(ox + p.x, oy + p.y, 2).fill(BLUE);
  pdf.fillColor('black');
  for (const p of c.points) pdf.text(p.label, ox + p.x - 15, bottom + 4, { width: 30, align: 'center', lineBreak: false });
  pdf.x = MARGIN;
  pdf.y = oy + c.height + 6;
}

/**
 * Renders a record document as a PDF (pdfkit, no browser): the headline, the facts and fields,
 * each long field in a fixed-width font (they are Markdown tables), and the trend charts drawn
 * as vector paths. `now` fixes the document's creation date, so the same record gives the same bytes.
 *
 * @example const bytes = await recordPdf(recordDocument(record, def), new Date())
 */
export function recordPdf(doc: RecordDocument, now: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: doc.heading, Creator: 'eos', CreationDate: now } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  pdf.font('Helvetica-Bold').fontSize(16).text(doc.heading, { width });
  pdf.moveDown(0.5);
  const rows = (list: readonly (readonly [string, string])[]) => {
    for (const [k, v] of list) {
      pdf.font('Helvetica-Bold').fontSize(10).text(`${k}: `, { continued: true, width });
      pdf.font('Helvetica').text(v);
    }
  };
  rows(doc.facts);
  if (doc.fields.length > 0) {
    pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text('Fields');
    rows(doc.fields);
  }
  for (const s of doc.sections) {
    pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(s.title);
    pdf.font('Courier').fontSize(7.5).text(s.text, { width });
  }
  if (doc.charts.length > 0) {
    pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text('Trend');
    pdf.moveDown(0.3);
    for (const c of doc.charts) drawChart(pdf, c);
  }
  if (doc.snapshot) {
    pdf.moveDown(0.5).font('Helvetica').fontSize(8).text(`Snapshot SHA-256 ${doc.snapshot.sha256}, frozen ${doc.snapshot.decidedAt} (eos ritual check).`, MARGIN, pdf.y, { width });
  }
  pdf.end();
  return done;
}
