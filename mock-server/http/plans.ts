/**
 * The reference's plan table. One plan applies to every credential the mock serves, since the
 * mock stands in for one account.
 */

export type PlanName = 'personal' | 'professional' | 'enterprise' | 'custom';

export const PLAN_NAMES: readonly PlanName[] = ['personal', 'professional', 'enterprise', 'custom'];

/** A limited plan's figures; the `custom` plan has none (unlimited). */
export interface PlanLimits {
  /** Sustained rate: the bucket refills this many tokens per second. */
  perSecond: number;
  /** Fixed clock-hour quota. */
  perHour: number;
  /** Bucket capacity: how many requests may arrive at once. */
  burst: number;
}

export interface Plan {
  name: PlanName;
  /** `null` for the unlimited `custom` plan, which sends no rate-limit headers. */
  limits: PlanLimits | null;
}

const LIMITS: Record<PlanName, PlanLimits | null> = {
  personal: { perSecond: 10, perHour: 10_000, burst: 50 },
  professional: { perSecond: 50, perHour: 50_000, burst: 200 },
  enterprise: { perSecond: 200, perHour: 200_000, burst: 1000 },
  custom: null,
};

export function isPlanName(value: string): value is PlanName {
  return (PLAN_NAMES as readonly string[]).includes(value);
}

export function resolvePlan(name: PlanName): Plan {
  return { name, limits: LIMITS[name] };
}

/** `50/s, 50,000/h, burst 200` or `unlimited`, for the CLI banner. */
export function describePlan(plan: Plan): string {
  const limits = plan.limits;
  if (!limits) return 'unlimited';
  return `${limits.perSecond}/s, ${limits.perHour.toLocaleString('en-US')}/h, burst ${limits.burst}`;
}
