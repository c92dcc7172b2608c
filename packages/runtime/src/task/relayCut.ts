/** What a relay publishes of what it read, and the progress bound its markers then promise. */
export interface RelayCut {
  /** How many of the rows read (from the first) to publish now. */
  publish: number;
  /** No row published after these is earlier than this instant (epoch ms), assuming the log is in event-time order. */
  bound: number;
}

/**
 * Cuts a relay's read so that its progress markers can promise as much as possible. A read that
 * stopped at its size limit holds back its trailing run of one instant (more of that instant may
 * follow in the log) and promises that instant: everything earlier is out. A read that reached the
 * end of the log publishes all and promises only its latest instant (ties may still arrive); an
 * idle relay later promises the instant after it (`idleBound`).
 */
export function cutRelayRead(instants: readonly number[], reachedEnd: boolean): RelayCut | undefined {
  if (instants.length === 0) return undefined;
  const latest = Math.max(...instants);
  if (reachedEnd) return { publish: instants.length, bound: latest };
  const last = instants[instants.length - 1]!;
  let cut = instants.length;
  while (cut > 0 && instants[cut - 1] === last) cut -= 1;
  // One instant filled the whole read: publish it, and promise no more than that instant.
  if (cut === 0) return { publish: instants.length, bound: last };
  return { publish: cut, bound: last };
}

/** An idle relay's promise: the log had nothing new for a while, so the latest instant is complete. */
export function idleBound(latestPublished: number): number {
  return latestPublished + 1;
}
