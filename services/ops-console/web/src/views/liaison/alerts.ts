/** A short beep and a vibration where the browser allows them (after the person touched the page). */
export function alertPerson(): void {
  navigator.vibrate?.([200, 100, 200]);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  } catch {
    // no audio here: the toast and the list still show it
  }
}

export interface Location {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}

/**
 * The phone's position for the arrival, only when the person has granted it: never a prompt in
 * the middle of reporting on site, and never a wait of more than a few seconds.
 */
export async function currentLocation(): Promise<Location | null> {
  if (!navigator.geolocation || !navigator.permissions) return null;
  const permission = await navigator.permissions.query({ name: 'geolocation' }).catch(() => null);
  if (permission?.state !== 'granted') return null;
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          latitude: p.coords.latitude,
          longitude: p.coords.longitude,
          accuracyMeters: p.coords.accuracy,
        }),
      () => resolve(null),
      { timeout: 4000, maximumAge: 60_000 },
    ),
  );
}
