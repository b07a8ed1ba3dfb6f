import { chineseDate, maskName, nameMasking, yuan } from './document-layout';

describe('document text helpers', () => {
  it('dates a document on its Asia/Shanghai day', () => {
    expect(chineseDate(new Date('2018-10-30T02:00:00Z'))).toBe('2018年10月30日');
    expect(chineseDate(new Date('2018-10-30T16:30:00Z'))).toBe('2018年10月31日');
  });

  it('writes yuan with thousands and two decimals', () => {
    expect(yuan(520000)).toBe('人民币 520,000.00 元');
    expect(yuan(0.5)).toBe('人民币 0.50 元');
  });

  it('keeps only the surname of a masked name', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName(' 李某 ')).toBe('李*');
    expect(maskName('X')).toBe('*');
  });

  it('masks each party wherever it stands in a text, the longer name first', () => {
    const mask = nameMasking(['王某', '王某某', '李四']);
    expect(mask('王某某 pays 王某; 李四 agrees')).toBe('王** pays 王*; 李* agrees');
    expect(nameMasking([])('王某')).toBe('王某');
  });
});
