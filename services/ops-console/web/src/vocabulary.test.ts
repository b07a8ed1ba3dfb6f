import { describe, expect, it } from 'vitest';
import {
  APPROACH_LEVELS,
  CHANNELS,
  DISPUTE_TYPES,
  MATTER_CATEGORIES,
  PARTY_ROLES,
  REFERRALS,
  URGENCIES,
  shownFirst,
} from './vocabulary';

describe("the windows' lists, read from the contracts", () => {
  it('given the contracts, when the clerk desk lists dispute types, then all fifteen show, road traffic first', () => {
    expect(DISPUTE_TYPES).toEqual([
      'road_traffic',
      'marriage_family',
      'neighbour',
      'housing_site',
      'contract',
      'business',
      'damages',
      'forest_land',
      'land_requisition',
      'pollution',
      'labour',
      'consumer',
      'medical',
      'property_management',
      'other',
    ]);
    expect(URGENCIES).toEqual(['normal', 'urgent', 'critical']);
    expect(CHANNELS).toEqual(['walk_in', 'hotline', 'online', 'grid_report', 'referral', 'petition']);
    expect(PARTY_ROLES).toEqual(['applicant', 'respondent', 'third_party']);
  });

  it('given the contracts, when a mediator writes an agreement, then only confirmable matters are offered, compensation first', () => {
    expect(MATTER_CATEGORIES).toEqual([
      'compensation',
      'property',
      'debt',
      'contract',
      'land_use',
      'labour',
      'maintenance',
      'other',
    ]);
    expect(APPROACH_LEVELS).toEqual(['sentiment', 'reason', 'law', 'litigation']);
    expect(REFERRALS).toEqual(['litigation', 'arbitration', 'administrative', 'none']);
  });

  it('moves one value to the front and keeps the rest in order', () => {
    expect(shownFirst(['a', 'b', 'c'], 'c')).toEqual(['c', 'a', 'b']);
  });
});
