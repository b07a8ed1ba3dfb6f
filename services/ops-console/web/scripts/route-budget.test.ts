import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIAISON_BUDGET_BYTES, type RouteSize } from './route-budget';

const report = path.resolve(__dirname, '../dist/route-sizes.json');

describe('JavaScript per page (the build’s report, dist/route-sizes.json)', () => {
  it('was written by the build (npm test builds first)', () => {
    expect(existsSync(report)).toBe(true);
  });

  it('keeps the liaison’s phone page within 250 KB gzipped, and the page loads no desk widget', () => {
    const sizes = JSON.parse(readFileSync(report, 'utf8')) as RouteSize[];
    const liaison = sizes.find((s) => s.route === 'liaison/LiaisonInbox');
    expect(liaison).toBeDefined();
    expect(liaison!.gzipBytes).toBeLessThanOrEqual(LIAISON_BUDGET_BYTES);
    expect(liaison!.files.some((f) => /ScoreCards|MediationDesk/.test(f))).toBe(false);
  });
});
