/**
 * Resolves once `predicate` holds, checking every few milliseconds; rejects after `timeout`
 * milliseconds with an error naming `what` was awaited.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeout = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
