export type { ThresholdCount, ThresholdCounter, ThresholdHit } from './counter.js';
export { DynamoThresholdCounter, THRESHOLD_PARTITION_PREFIX, thresholdItemKey, type DynamoThresholdCounterOptions } from './dynamo.js';
export { MemoryThresholdCounter } from './memory.js';
