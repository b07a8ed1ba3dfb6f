import { buildParties } from './dispute-case';

let n = 0;
const newId = () => `id-${++n}`;

describe('parties of a case', () => {
  it('masks ID numbers and phones, and keeps the full values apart, normalised', () => {
    const [party] = buildParties(
      [{ role: 'applicant', name: ' Wang ', idNumber: ' 62070219800101123x', phone: '139 1234-5678' }],
      newId,
    );
    expect(party).toMatchObject({
      name: 'Wang',
      idNumberMasked: '6207**********123X',
      phoneMasked: '139****5678',
      personal: { idNumber: '62070219800101123X', phone: '13912345678' },
    });
    const { personal: _personal, ...shown } = party;
    expect(JSON.stringify(shown)).not.toContain('19800101');
  });

  it('leaves what was not given (absent or null) empty', () => {
    const parties = buildParties(
      [
        { role: 'applicant', name: 'Wang' },
        { role: 'respondent', name: 'Li', idNumber: null, phone: null },
      ],
      newId,
    );
    for (const party of parties)
      expect(party).toMatchObject({
        idNumberMasked: null,
        phoneMasked: null,
        personal: { idNumber: null, phone: null },
      });
  });

  it('needs an applicant', () => {
    expect(() => buildParties([{ role: 'respondent', name: 'Li' }], newId)).toThrow(/applicant/);
  });

  it('names the party whose ID number is malformed', () => {
    expect(() =>
      buildParties(
        [
          { role: 'applicant', name: 'Wang' },
          { role: 'respondent', name: 'Li', idNumber: '123' },
        ],
        newId,
      ),
    ).toThrow(expect.objectContaining({ code: 'ID_NUMBER_INVALID', field: 'parties[1].idNumber' }));
  });

  it('refuses a phone without enough digits and a blank name', () => {
    expect(() => buildParties([{ role: 'applicant', name: 'Wang', phone: '+- - -' }], newId)).toThrow(
      expect.objectContaining({ code: 'PHONE_INVALID', field: 'parties[0].phone' }),
    );
    expect(() => buildParties([{ role: 'applicant', name: ' \t ' }], newId)).toThrow(
      expect.objectContaining({ code: 'PARTY_NAME_REQUIRED', field: 'parties[0].name' }),
    );
  });
});
