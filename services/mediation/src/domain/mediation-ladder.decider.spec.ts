import { DEFAULT_LADDER_SPLIT, type Ladder } from './ladder';
import { currentLevel, type Mediation } from './mediation';
import { decide, evolve } from './mediation.decider';
import { T0, at, endOf, fail, given, levelDeadline, ofType, open } from './mediation.given';

describe('the 四级七天 ladder', () => {
  it('in days (the default) counts on the legal calendar: the grid worker’s day from 2025-09-30 ends with the holiday, on 2025-10-09', () => {
    const ladder: Ladder = { split: DEFAULT_LADDER_SPLIT, endOf };
    const { mediation: m, when } = given(open({ ladder, at: new Date('2025-09-30T02:00:00.000Z') }));
    expect(currentLevel(m).dueAt).toEqual(new Date('2025-10-09T16:00:00.000Z'));
    // Raised as the 9th runs out (00:00 on the 10th in Beijing): the village committee's two
    // days end on Sunday the 12th, so on Monday the 13th.
    const { events } = when(levelDeadline('grid_worker', new Date('2025-10-09T16:00:00.000Z'), ladder));
    expect(ofType(events, 'LevelRaised').to.dueAt).toEqual(new Date('2025-10-13T16:00:00.000Z'));
  });

  it('a missed level raises the mediation to the next level with a fresh deadline', () => {
    const { events, then } = given().when(levelDeadline('grid_worker', at(1440)));
    expect(events.map((e) => e.type)).toEqual(['LevelRaised']);
    const raised = ofType(events, 'LevelRaised');
    expect(raised.from).toMatchObject({ level: 'grid_worker', missedAt: at(1440) });
    expect(raised.to).toEqual({
      level: 'village_committee',
      startedAt: at(1440),
      dueAt: new Date(at(1440).getTime() + 172_800_000),
      missedAt: null,
    });
    expect(then.levels).toHaveLength(2);
  });

  it('the same deadline again, or a stale level, has no effect', () => {
    const once = given(open(), levelDeadline('grid_worker', at(1440)));
    expect(once.when(levelDeadline('grid_worker', at(1441))).events).toEqual([]);
  });

  it('climbs to the town government, where a missed deadline is recorded but goes nowhere', () => {
    let { mediation: m } = given();
    for (const level of ['grid_worker', 'village_committee', 'town_center'] as const) {
      const events = decide(levelDeadline(level, currentLevel(m).dueAt), m);
      if (events[0]?.type !== 'LevelRaised') throw new Error(`expected ${level} to be raised`);
      m = events.reduce<Mediation>(evolve, m);
    }
    expect(currentLevel(m).level).toBe('town_government');
    // The whole ladder is the seven days.
    expect(currentLevel(m).dueAt.getTime() - T0.getTime()).toBe(7 * 86_400_000);
    const top = decide(levelDeadline('town_government', currentLevel(m).dueAt), m);
    expect(top.map((e) => e.type)).toEqual(['TopLevelMissed']);
    const missed = top.reduce<Mediation>(evolve, m);
    expect(currentLevel(missed).missedAt).toEqual(currentLevel(m).dueAt);
    expect(decide(levelDeadline('town_government', at(99999)), missed)).toEqual([]);
  });

  it('a closed mediation does not climb', () => {
    expect(given(open(), fail()).when(levelDeadline('grid_worker', at(1440))).events).toEqual([]);
  });
});
