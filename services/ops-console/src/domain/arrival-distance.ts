/**
 * Whether a department reported on site far from the case's place (issue 20 item 4): flagged for the
 * supervisor, never refused (a phone's position can be wrong; the scene can move). The phone's own
 * uncertainty counts in the department's favour: flagged when even the nearest point of its
 * accuracy circle lies beyond the threshold.
 */
export interface Position {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_METERS = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine): a few metres off over the distances that matter here. */
export function distanceMeters(a: Position, b: Position): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How far from the place an arrival was, when that is beyond the threshold; null otherwise or when either is unknown. */
export function awayFromPlace(
  place: Position | null,
  arrival: (Position & { accuracyMeters: number }) | null,
  thresholdMeters: number,
): number | null {
  if (!place || !arrival) return null;
  const meters = distanceMeters(place, arrival);
  return meters - arrival.accuracyMeters > thresholdMeters ? Math.round(meters) : null;
}
