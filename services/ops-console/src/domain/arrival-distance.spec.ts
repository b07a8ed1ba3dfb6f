import { awayFromPlace, distanceMeters } from './arrival-distance';

const anlizha = { latitude: 34.5812, longitude: 105.7241 };
/** About 1.11 km north of it (0.01° of latitude). */
const north = { latitude: 34.5912, longitude: 105.7241 };

describe('an arrival far from the case’s place', () => {
  it('measures the great-circle distance', () => {
    expect(distanceMeters(anlizha, north)).toBeGreaterThan(1105);
    expect(distanceMeters(anlizha, north)).toBeLessThan(1120);
    expect(distanceMeters(anlizha, anlizha)).toBe(0);
  });

  it('flags an arrival 1.1 km away with a 500 m threshold, with its distance', () => {
    expect(awayFromPlace(anlizha, { ...north, accuracyMeters: 20 }, 500)).toBe(1112);
  });

  it('does not flag one within the threshold, or whose accuracy circle reaches within it', () => {
    expect(awayFromPlace(anlizha, { ...anlizha, accuracyMeters: 5 }, 500)).toBeNull();
    expect(awayFromPlace(anlizha, { ...north, accuracyMeters: 700 }, 500)).toBeNull();
  });

  it('says nothing when the place or the arrival’s position is unknown', () => {
    expect(awayFromPlace(null, { ...north, accuracyMeters: 20 }, 500)).toBeNull();
    expect(awayFromPlace(anlizha, null, 500)).toBeNull();
  });
});
