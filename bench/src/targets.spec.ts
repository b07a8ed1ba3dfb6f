import { assess, assessTargets, largest, TARGETS, valueAt, type Target } from './targets';

const atMost: Target = { measure: 'pipeline.cpuMsPerWhistle', comparison: '<=', value: 10, label: 'cpu' };
const below: Target = { measure: 'rssMbMax', comparison: '<', value: 250, label: 'rss' };
const atLeast: Target = { measure: 'ratio.pipelineToFloor', comparison: '>=', value: 0.5, label: 'floor' };

describe('the targets: met or not', () => {
  it('reads a measure by its path in latest.json, null when absent or not a number', () => {
    const results = { pipeline: { cpuMsPerWhistle: 12.5, statementsPerWhistle: null }, ratio: {} };
    expect(valueAt(results, 'pipeline.cpuMsPerWhistle')).toBe(12.5);
    expect(valueAt(results, 'pipeline.statementsPerWhistle')).toBeNull();
    expect(valueAt(results, 'ratio.pipelineToFloor')).toBeNull();
    expect(valueAt(results, 'timers.latenessP99Ms')).toBeNull();
    expect(valueAt({ timers: { latenessP99Ms: Number.NaN } }, 'timers.latenessP99Ms')).toBeNull();
  });

  it('≤ is met at the bound and not above it', () => {
    expect(assess({ pipeline: { cpuMsPerWhistle: 10 } }, atMost).met).toBe('yes');
    expect(assess({ pipeline: { cpuMsPerWhistle: 10.01 } }, atMost).met).toBe('no');
  });

  it('< is not met at the bound', () => {
    expect(assess({ rssMbMax: 249 }, below).met).toBe('yes');
    expect(assess({ rssMbMax: 250 }, below).met).toBe('no');
  });

  it('≥ is met at the bound and not below it', () => {
    expect(assess({ ratio: { pipelineToFloor: 0.5 } }, atLeast).met).toBe('yes');
    expect(assess({ ratio: { pipelineToFloor: 0.49 } }, atLeast).met).toBe('no');
  });

  it('a measure the run did not take is —, never a no', () => {
    expect(assess({ ratio: {} }, atLeast)).toEqual({
      measure: 'ratio.pipelineToFloor',
      label: 'floor',
      now: null,
      target: '≥ 0.5',
      met: '—',
    });
  });

  it('timer lateness counts only with 1,000,000 armed and the fires keeping up', () => {
    const lateness = TARGETS.find((t) => t.measure === 'timers.latenessP99Ms')!;
    const timers = { armed: 1_000_000, firesPerSec: 1_999, latenessP99Ms: 80 };
    expect(assess({ timers }, lateness).met).toBe('yes');
    expect(assess({ timers: { ...timers, armed: 100_000 } }, lateness).met).toBe('no');
    expect(assess({ timers: { ...timers, firesPerSec: 1_500 } }, lateness).met).toBe('no');
    expect(assess({ timers: { ...timers, latenessP99Ms: 101 } }, lateness).met).toBe('no');
  });

  it("covers every measure of issue 22's table, each once", () => {
    const measures = TARGETS.map((t) => t.measure);
    expect(new Set(measures).size).toBe(measures.length);
    expect(measures).toEqual(
      expect.arrayContaining([
        'pipeline.cpuMsPerWhistle',
        'pipeline.statementsPerWhistle',
        'pipeline.transactionsPerWhistle',
        'pipeline.whistlesPerSec',
        'ratio.pipelineToFloor',
        'openLoop.maxRateP99VisibleUnder250Ms',
        'ratio.ackIsolatedToBareRoute',
        'timers.latenessP99Ms',
        'idleCpuPercentMax',
        'rssMbMax',
        'timers.peakRssMb',
      ]),
    );
    expect(assessTargets({}).every((t) => t.met === '—')).toBe(true);
  });

  it('the largest of a per-service figure', () => {
    expect(largest({ dispatch: 0.4, department: 1.2 })).toBe(1.2);
    expect(largest({})).toBeUndefined();
    expect(largest(undefined)).toBeUndefined();
  });
});
