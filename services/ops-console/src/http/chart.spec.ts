import { escapeXml, rateBarChart } from './chart';

describe('rateBarChart', () => {
  it('draws one bar per label, its width proportional to the rate, with the percentage', () => {
    const svg = rateBarChart('On-time 准时率', [
      { label: 'traffic police', value: 0.5 },
      { label: 'judicial office', value: 1 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="130"');
    expect(svg).toContain('width="260" height="14" fill="#2e7d32"');
    expect(svg).toContain('50%');
    expect(svg).toContain('100%');
  });

  it('shows a dash for a rate with nothing measured yet', () => {
    expect(rateBarChart('x', [{ label: 'new department', value: null }])).toContain('>—<');
  });

  it('escapes labels so a department name cannot inject markup', () => {
    const svg = rateBarChart('t', [{ label: '<script>alert(1)</script>', value: 0.2 }]);
    expect(svg).not.toContain('<script>');
    expect(escapeXml(`a&b<"'>`)).toBe('a&amp;b&lt;&quot;&#39;&gt;');
  });
});
