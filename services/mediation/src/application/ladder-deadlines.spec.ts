import { levelDeadlineId, timeLimitDeadlineId } from './ladder-deadlines';

describe('level deadline ids', () => {
  it('are stable UUIDs, one per mediation and level', () => {
    const id = levelDeadlineId('0190a0b0-0000-7000-8000-000000000001', 'grid_worker');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(levelDeadlineId('0190a0b0-0000-7000-8000-000000000001', 'grid_worker')).toBe(id);
    expect(levelDeadlineId('0190a0b0-0000-7000-8000-000000000001', 'village_committee')).not.toBe(id);
    expect(levelDeadlineId('0190a0b0-0000-7000-8000-000000000002', 'grid_worker')).not.toBe(id);
  });

  it('give the time limit its own id, distinct from every level’s', () => {
    const mediationId = '0190a0b0-0000-7000-8000-000000000001';
    expect(timeLimitDeadlineId(mediationId)).toBe(timeLimitDeadlineId(mediationId));
    expect(timeLimitDeadlineId(mediationId)).not.toBe(levelDeadlineId(mediationId, 'grid_worker'));
  });
});
