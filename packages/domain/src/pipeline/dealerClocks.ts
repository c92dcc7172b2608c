import { dateOfDayNumber, localDayNumberOf } from '../calendar';

/**
 * Where one dealer's time stands: the instant, and the dealer's local calendar day in its time
 * zone (every worker call reads `today`).
 */
export interface DealerClock {
  at: number;
  /** Day number of `today` (days since 1970-01-01). */
  day: number;
  today: string;
}

/** What the clocks keep across restarts: each dealer's instant and the latest tick. */
export interface DealerClocksSnapshot {
  /** dealerId → epoch ms. */
  dealers: Map<string, number>;
  /** The latest `clock.tick` seen, in epoch ms (undefined before the first). */
  tick: number | undefined;
}

/** The time zone a dealer's days are counted in (its own, else the company's). */
export type ZoneOf = (dealerId: string) => string;

function clockAt(at: number, timeZone: string): DealerClock {
  const day = localDayNumberOf(at, timeZone);
  return { at, day, today: dateOfDayNumber(day) };
}

/**
 * Each dealer's own clock. It moves with the dealer's own events and with `clock.tick` (which every
 * partition receives), never with another dealer's events, so a dealer's time rules fire at the same
 * points whichever dealers share its partition. A dealer first seen after some ticks starts at the
 * later of its event and the latest tick. Clocks never go back: a late event is judged at the clock.
 *
 * Days are the dealer's local calendar days (`zoneOf`, read at each move): a day change fires at the
 * dealer's local midnight. A dealer whose time zone changes to one further west keeps the day it
 * had reached until its new local day catches up (a day is never entered twice).
 */
export function createDealerClocks(resume?: DealerClocksSnapshot, zoneOf: ZoneOf = () => 'UTC') {
  const clocks = new Map<string, DealerClock>();
  for (const [dealerId, at] of resume?.dealers ?? []) clocks.set(dealerId, clockAt(at, zoneOf(dealerId)));
  let tick = resume?.tick ?? Number.NEGATIVE_INFINITY;

  /** Moves a dealer's clock to `at` if later; true when it entered a later day (never on first sight). */
  function advance(dealerId: string, at: number): boolean {
    const clock = clocks.get(dealerId);
    if (clock === undefined) {
      clocks.set(dealerId, clockAt(Math.max(at, tick), zoneOf(dealerId)));
      return false;
    }
    if (at <= clock.at) return false;
    const next = clockAt(at, zoneOf(dealerId));
    if (next.day < clock.day) {
      clocks.set(dealerId, { at, day: clock.day, today: clock.today });
      return false;
    }
    clocks.set(dealerId, next);
    return next.day > clock.day;
  }

  return {
    advance,
    /** A tick: every listed dealer's clock moves; returns those that entered a later day, in the given order. */
    tick(at: number, dealerIds: Iterable<string>): string[] {
      if (at > tick) tick = at;
      const entered: string[] = [];
      for (const dealerId of dealerIds) if (advance(dealerId, at)) entered.push(dealerId);
      return entered;
    },
    /** The dealer's clock; one never seen reads as the latest tick, or `fallback` before any. */
    of(dealerId: string, fallback: number): DealerClock {
      return clocks.get(dealerId) ?? clockAt(Number.isFinite(tick) ? Math.max(tick, fallback) : fallback, zoneOf(dealerId));
    },
    /** The dealer's instant, or undefined before its first event or tick. */
    atOf(dealerId: string): number | undefined {
      return clocks.get(dealerId)?.at;
    },
    snapshot(): DealerClocksSnapshot {
      const dealers = new Map<string, number>();
      for (const [dealerId, clock] of clocks) dealers.set(dealerId, clock.at);
      return { dealers, tick: Number.isFinite(tick) ? tick : undefined };
    },
  };
}

export type DealerClocks = ReturnType<typeof createDealerClocks>;
