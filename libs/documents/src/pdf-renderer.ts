import { locateCjkFont, type CjkFont } from './cjk-font';
import type { DocumentLayout } from './document-layout';
import { renderPdf } from './render-pdf';

/**
 * What a service holds to draw its documents: the font is looked for on the first document (a
 * service without documents to draw never needs one), then kept. A missing font throws
 * CjkFontMissingError on every attempt until it is installed, saying what to install.
 */
export class PdfRenderer {
  private font: CjkFont | null = null;

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  render(layout: DocumentLayout, createdAt: Date): Promise<Buffer> {
    this.font ??= locateCjkFont(this.env);
    return renderPdf(layout, this.font, createdAt);
  }
}

/** Chinese names of the agreement's matter categories (AGREEMENT_MATTER_CATEGORIES of the contracts), as the workstation names them. */
export const MATTER_CATEGORY_ZH: Readonly<Record<string, string>> = {
  property: '财产',
  debt: '债务',
  compensation: '赔偿',
  contract: '合同',
  land_use: '土地使用',
  labour: '劳动',
  maintenance: '赡养抚养',
  identity_relationship: '身份关系',
  adoption_relationship: '收养关系',
  marriage_relationship: '婚姻关系',
  other: '其他',
};
