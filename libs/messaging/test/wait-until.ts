/**
 * libs/testing's waitFor, which this lib cannot import (testing depends on messaging): polls a
 * condition until it holds or the deadline passes, and says what it waited for.
 */
export async function waitUntil<T>(
  description: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
