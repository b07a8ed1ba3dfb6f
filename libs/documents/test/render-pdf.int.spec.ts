import { execFileSync } from 'node:child_process';
import { locateCjkFont, renderPdf } from '../src';

/** The PDF read back as text (poppler-utils' pdftotext) and its fonts (pdffonts). */
const pdftotext = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
const pdffonts = (pdf: Buffer) => execFileSync('pdffonts', ['-'], { input: pdf }).toString();

describe('renderPdf (the machine CJK font, read back with pdftotext)', () => {
  it('draws every block in Chinese and embeds the font', async () => {
    const pdf = await renderPdf(
      {
        title: '人民调解协议书',
        reference: '编号：测试-001',
        subject: 'test',
        blocks: [
          { kind: 'fields', rows: [['当事人', '王小明']] },
          { kind: 'heading', text: '一、纠纷事实' },
          { kind: 'paragraph', text: '双方因邻里排水问题发生纠纷。'.repeat(10) },
          {
            kind: 'signatures',
            rows: [
              ['调解员', ''],
              ['日期', '2018年10月30日'],
            ],
          },
        ],
      },
      locateCjkFont(process.env),
      new Date('2018-10-30T02:00:00Z'),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdftotext(pdf);
    for (const expected of [
      '人民调解协议书',
      '编号：测试-001',
      '当事人：王小明',
      '一、纠纷事实',
      '调解员：',
      '2018年10月30日',
    ])
      expect(text).toContain(expected);
    expect(pdffonts(pdf)).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
  });
});
