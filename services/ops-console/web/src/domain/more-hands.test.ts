import { describe, expect, it } from 'vitest';
import { addableDepartments, canStandDown, expectedSummons } from './more-hands';

const whistle = [
  { departmentId: 'traffic', status: 'arrived' },
  { departmentId: 'town', status: 'stood_down' },
  { departmentId: 'judicial', status: 'acknowledged' },
  { departmentId: 'police', status: 'replaced' },
  { departmentId: 'fire', status: 'notified' },
];

describe('more hands on the operator screen', () => {
  it('expects on site every summons not replaced and not stood down', () => {
    expect(expectedSummons(whistle).map((s) => s.departmentId)).toEqual(['traffic', 'judicial', 'fire']);
  });

  it('offers to stand down a notified or acknowledged summons, never one arrived, declined or stood down', () => {
    expect(whistle.map((s) => canStandDown(s, whistle))).toEqual([false, false, true, false, true]);
    expect(canStandDown({ departmentId: 'x', status: 'declined' }, whistle)).toBe(false);
  });

  it('never offers to stand down the last department expected', () => {
    const last = [
      { departmentId: 'traffic', status: 'notified' },
      { departmentId: 'town', status: 'stood_down' },
    ];
    expect(canStandDown(last[0]!, last)).toBe(false);
  });

  it('offers to add any department not expected already, one stood down included', () => {
    const directory = ['traffic', 'town', 'judicial', 'police', 'fire', 'water'].map((id) => ({ id }));
    expect(addableDepartments(directory, whistle).map((d) => d.id)).toEqual(['town', 'police', 'water']);
  });
});
