import { DEDUPE_MAX_ENTRIES } from './deliveryQueue';

/** Ids of delivered jobs, remembered for a while so a late duplicate enqueue is a no-op; oldest forgotten first. */
export class DedupeWindow {
  readonly #seenAt = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(id: string): boolean {
    this.#prune();
    return this.#seenAt.has(id);
  }

  add(id: string): void {
    this.#seenAt.delete(id);
    this.#seenAt.set(id, this.now());
    this.#prune();
  }

  #prune(): void {
    const oldest = this.now() - this.windowMs;
    for (const [id, at] of this.#seenAt) {
      if (this.#seenAt.size <= DEDUPE_MAX_ENTRIES && at > oldest) break;
      this.#seenAt.delete(id);
    }
  }
}
