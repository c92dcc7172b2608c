import type { DealerProfile, RebateProgram } from '@dealerflow/contracts';

/** A rebate program as last upserted, with the dealer it applies to (`*`: every dealer). */
export interface DirectoryProgram {
  dealerId: string;
  program: RebateProgram;
}

/**
 * The directory port: master and reference data — dealer profiles (`dealer.upserted`), rebate
 * programs (`rebate.program.upserted`), products (`product.upserted`) — as the input topics last
 * told them, for the components that need them beside the outputs they consume (the notifier: a
 * dealer's locale, contacts, timezone and tier, a program's name; the API and the board: profiles
 * and pack sizes).
 *
 * Why it exists: these facts used to be read from the runner's own rows (`global_state`), which
 * tied every reader to how the runner stores its state. The directory is a read model of its own,
 * built from the input feed; nobody reads the workers' state for it.
 *
 * What it promises: a read sees at least every master and reference event appended to the input
 * log before the read began (the embedded adapter catches up on read), so a consumer that reads an
 * output and then the directory finds the dealer.upserted that preceded the output's cause. Per key,
 * the last event by its position in the log wins, as a compacted topic keeps it; a later profile
 * than the output's is possible (the notifier always used the latest it could see).
 */
export interface Directory {
  /** undefined when no `dealer.upserted` named the dealer. */
  profile(dealerId: string): Promise<DealerProfile | undefined>;
  /** The profiles of those of these dealers that have one. */
  profiles(dealerIds: readonly string[]): Promise<Map<string, DealerProfile>>;
  /** Every rebate program, by program id. */
  programs(): Promise<Map<string, DirectoryProgram>>;
  /** Pack sizes of those of these SKUs that a `product.upserted` gave one. */
  packSizes(skus: readonly string[]): Promise<Map<string, number>>;
}
