import { caseEventFacts } from './case-facts';

describe('caseEventFacts', () => {
  it('keeps what a sentence needs: ids to name, list values to translate, times', () => {
    expect(
      caseEventFacts({
        caseNo: 'GZ-2026-000001',
        center: { id: 'anlizha-village', name: 'Anlizha', tier: 'village', path: ['ganzhou-district'] },
        disputeType: 'road_traffic',
        urgency: 'urgent',
        summary: 'the family petitions',
        parties: [{ name: '王某', idNumberMasked: '620702********1234', phoneMasked: '139****1234' }],
      }),
    ).toEqual({
      caseNo: 'GZ-2026-000001',
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
    });
  });

  it('lists the summoned departments and the reassigned one', () => {
    expect(
      caseEventFacts({
        summons: [{ departmentId: 'a', departmentName: 'A' }, { departmentId: 'b' }],
        arrivalDeadline: 'T',
      }),
    ).toEqual({ departmentIds: ['a', 'b'], arrivalDeadline: 'T' });
    expect(caseEventFacts({ fromDepartmentId: 'a', to: { departmentId: 'b' }, reason: 'no staff' })).toEqual({
      fromDepartmentId: 'a',
      toDepartmentId: 'b',
      reason: 'no staff',
    });
  });

  it('never carries names, notes, participants, ID numbers or phones', () => {
    const facts = caseEventFacts({
      participants: ['王某'],
      notes: 'talked to 王某 at 13909361234',
      idNumber: '620702196805051234',
      phone: '13909361234',
      partySignatures: [{ party: '王某' }],
      terms: 'pays 520,000 yuan',
    });
    expect(facts).toEqual({});
  });
});
