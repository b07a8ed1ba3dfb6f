/**
 * A document as data, before any PDF: what the services' pure layout functions return and their
 * unit tests read, and what renderPdf draws. Blocks come in reading order.
 */
export type DocumentBlock =
  /** A numbered or titled section heading (一、纠纷事实). */
  | { kind: 'heading'; text: string }
  /** Running text, wrapped and indented two characters as Chinese documents are. */
  | { kind: 'paragraph'; text: string }
  /** Label：value lines (the parties' particulars, the case number). */
  | { kind: 'fields'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  /** Signature lines at the foot: who signs and when (a blank line to sign on when unsigned). */
  | { kind: 'signatures'; rows: ReadonlyArray<readonly [label: string, value: string]> };

export interface DocumentLayout {
  /** Centred at the top (人民调解协议书). */
  title: string;
  /** Right-aligned under the title: the document's number (e.g. the case number). */
  reference?: string;
  blocks: readonly DocumentBlock[];
  /** Document metadata (PDF /Title, /Subject). */
  subject: string;
}

/** 2018-10-30T02:00:00Z → 2018年10月30日 (the date in Asia/Shanghai, as documents are dated). */
export function chineseDate(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 3_600_000);
  return `${shanghai.getUTCFullYear()}年${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`;
}

/** An amount in yuan (the agreement's `amount`) → 人民币 5,200.00 元. */
export function yuan(amount: number): string {
  const figures = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `人民币 ${figures} 元`;
}

/** 王小明 → 王**: a name as a document for readers without the parties' particulars shows it. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Every party's name, wherever it stands in a text, masked to the surname (longest names first). */
export function nameMasking(parties: readonly string[]): (text: string) => string {
  const names = [...new Set(parties)].filter((n) => n.length > 0).sort((x, y) => y.length - x.length);
  return (text) => names.reduce((t, party) => t.split(party).join(maskName(party)), text);
}
