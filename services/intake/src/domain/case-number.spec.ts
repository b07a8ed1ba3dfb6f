import { caseYear, formatCaseNumber } from './case-number';
import { centerPath, type Center } from './center';

describe('case numbers', () => {
  it('pads the sequence and uses the Beijing-time year', () => {
    expect(formatCaseNumber('ALZ', 2018, 42)).toBe('ALZ-2018-000042');
    // 31 Dec 2018 17:00 UTC is already 1 Jan 2019 in Zhangye.
    expect(caseYear(new Date('2018-12-31T17:00:00Z'))).toBe(2019);
  });
});

describe('center path', () => {
  const centers = new Map<string, Center>(
    [
      { id: 'gz', code: 'GZ', name: 'Ganzhou', nameZh: '甘州区', tier: 'district', parentId: null },
      { id: 'sq', code: 'SQ', name: 'Shangqin', nameZh: '上秦镇', tier: 'town', parentId: 'gz' },
      { id: 'alz', code: 'ALZ', name: 'Anlizha', nameZh: '安里闸村', tier: 'village', parentId: 'sq' },
    ].map((c) => [c.id, c as Center]),
  );

  it('lists ancestors first and the center itself last', () => {
    expect(centerPath(centers, 'alz')).toEqual(['gz', 'sq', 'alz']);
    expect(centerPath(centers, 'gz')).toEqual(['gz']);
  });
});
