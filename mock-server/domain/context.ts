/**
 * What every part of the domain shares: the seed, the clock, the event bus and the generator
 * that makes ids and other runtime values (seeded too, so a replayed sequence of requests gets
 * the same ids).
 */

import type { Clock } from './clock.js';
import type { DomainEvents } from './events.js';
import type { Random } from './random.js';

export interface DomainContext {
  readonly seed: number;
  readonly clock: Clock;
  readonly events: DomainEvents;
  readonly random: Random;
}

/**
 * A new id `prefix_` + `length` characters, unused by `taken`.
 *
 * @example
 * newId(context.random, 'block', 12, 'alnum', (id) => blocks.has(id)); // 'block_3kq0…'
 */
export function newId(
  random: Random,
  prefix: string,
  length: number,
  alphabet: 'alnum' | 'hex' | 'base62',
  taken: (id: string) => boolean,
): string {
  for (;;) {
    const body =
      alphabet === 'hex'
        ? random.hex(length)
        : alphabet === 'base62'
          ? random.base62(length)
          : random.alnum(length);
    const id = `${prefix}_${body}`;

    if (!taken(id)) {
      return id;
    }
  }
}
