import path from 'node:path';
import { reportFiles } from './report-files';

describe('where a bench run writes its report', () => {
  it('refreshes the committed RESULTS.md after a full run', () => {
    expect(reportFiles('/repo/bench', 'full')).toEqual({
      json: path.join('/repo/bench/results/latest.json'),
      table: path.join('/repo/bench/RESULTS.md'),
    });
  });

  it('leaves RESULTS.md alone after a quick run', () => {
    const files = reportFiles('/repo/bench', 'quick');
    expect(files.table).toBe(path.join('/repo/bench/results/quick.md'));
    expect(files.json).toBe(path.join('/repo/bench/results/latest.json'));
  });

  it('a full run of some sections (--only) leaves RESULTS.md alone too', () => {
    expect(reportFiles('/repo/bench', 'full', true).table).toBe(path.join('/repo/bench/results/quick.md'));
  });
});
