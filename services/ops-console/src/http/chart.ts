/** Inline SVG bar charts for the scorecards, drawn on the server: no chart library in the browser. */

export interface Bar {
  label: string;
  /** A rate in [0, 1], or null when there is nothing to measure yet. */
  value: number | null;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ROW = 22;
const LABEL_WIDTH = 180;
const BAR_WIDTH = 260;

/** Horizontal bars, one per label, with the percentage written beside each. */
export function rateBarChart(title: string, bars: readonly Bar[]): string {
  const height = 28 + bars.length * ROW;
  const rows = bars.map((bar, i) => {
    const y = 24 + i * ROW;
    const value = bar.value === null ? null : Math.max(0, Math.min(1, bar.value));
    const width = value === null ? 0 : Math.round(value * BAR_WIDTH);
    const colour = value === null ? '#bbb' : value >= 0.9 ? '#2e7d32' : value >= 0.7 ? '#f9a825' : '#c62828';
    const text = value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
    return (
      `<text x="0" y="${y + 14}" font-size="12">${escapeXml(bar.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${BAR_WIDTH}" height="14" fill="#eee"/>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="14" fill="${colour}"/>` +
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 6}" y="${y + 14}" font-size="12">${text}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${LABEL_WIDTH + BAR_WIDTH + 60}" height="${height}" ` +
    `aria-label="${escapeXml(title)}"><text x="0" y="14" font-size="13" font-weight="bold">${escapeXml(title)}</text>` +
    `${rows.join('')}</svg>`
  );
}
