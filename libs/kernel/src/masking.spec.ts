import { maskIdNumber, maskPhone } from './masking';

describe('masking', () => {
  it('keeps only the ends of an ID number', () => {
    expect(maskIdNumber('620702198001011234')).toBe('6207**********1234');
  });
  it('keeps the carrier prefix and last four digits of a phone', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
  it('masks short values entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});
