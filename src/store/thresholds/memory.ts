/** Threshold counters in memory, with the DynamoDB counter's arithmetic (window.ts): `secmon replay` and tests. */
import { checkHit, type ThresholdCount, type ThresholdCounter, type ThresholdHit } from './counter.js';
import { bucketOf, SlidingTally } from './window.js';

export class MemoryThresholdCounter implements ThresholdCounter {
  readonly #tallies = new Map<string, SlidingTally>();

  async count(hit: ThresholdHit): Promise<ThresholdCount> {
    return this.countNow(hit);
  }

  /** The same, synchronously (for reports built in one pass). */
  countNow(hit: ThresholdHit): ThresholdCount {
    checkHit(hit);
    const name = JSON.stringify([hit.monitorId, hit.key]);
    let tally = this.#tallies.get(name);
    if (tally === undefined) this.#tallies.set(name, (tally = new SlidingTally()));
    return tally.add(bucketOf(hit.at.getTime(), hit.windowMs), hit.weight);
  }
}
