// Timing two sequential callers against each other in one process: each runs back to back for a
// window, the two alternate over several rounds so that drift on a shared machine hits both
// alike, and each total carries the calls, the wall time and the process CPU they took.

/** What one caller did in its windows. */
export interface Window {
  requests: number;
  ms: number;
  cpuMicros: number;
}

/** Runs `call` back to back for `ms` and counts the calls and the process CPU they took. */
export async function measure(call: () => Promise<unknown>, ms: number): Promise<Window> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + ms;
  let requests = 0;
  while (performance.now() < deadline) {
    await call();
    requests += 1;
  }

  const used = process.cpuUsage(cpu);
  return { requests, ms: performance.now() - started, cpuMicros: used.user + used.system };
}

function sum(windows: Window[]): Window {
  return windows.reduce(
    (total, w) => ({
      requests: total.requests + w.requests,
      ms: total.ms + w.ms,
      cpuMicros: total.cpuMicros + w.cpuMicros,
    }),
    { requests: 0, ms: 0, cpuMicros: 0 },
  );
}

/**
 * Warms both callers for half a second each, then runs them in `rounds` alternating windows
 * (which one goes first alternates too) for `seconds` per side in all.
 *
 * @returns each side's totals, in the order given
 */
export async function alternate(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  { seconds, rounds }: { seconds: number; rounds: number },
): Promise<[Window, Window]> {
  // Warm both paths (JIT, keep-alive connections, lazily loaded modules) before measuring.
  await measure(first, 500);
  await measure(second, 500);

  const roundMs = (seconds * 1000) / rounds;
  const firsts: Window[] = [];
  const laters: Window[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      firsts.push(await measure(first, roundMs));
      laters.push(await measure(second, roundMs));
    } else {
      laters.push(await measure(second, roundMs));
      firsts.push(await measure(first, roundMs));
    }
  }

  return [sum(firsts), sum(laters)];
}
