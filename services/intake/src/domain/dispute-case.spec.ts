import { buildParties } from './dispute-case';

let n = 0;
const newId = () => `id-${++n}`;

describe('parties of a case', () => {
  it('keeps only masked ID numbers and phones', () => {
    const [party] = buildParties(
      [{ role: 'applicant', name: ' Wang ', idNumber: '62070219800101123x', phone: '139 1234 5678' }],
      newId,
    );
    expect(party).toMatchObject({
      name: 'Wang',
      idNumberMasked: '6207**********123X',
      phoneMasked: '139****5678',
    });
    expect(JSON.stringify(party)).not.toContain('19800101');
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
});
