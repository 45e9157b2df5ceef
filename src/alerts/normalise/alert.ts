import type { Alert } from '../model.js';

type Required = 'deliveryId' | 'source' | 'monitor' | 'severity' | 'title' | 'summary' | 'time';

/** An Alert with every optional part empty unless given. */
export function alertOf(fields: Pick<Alert, Required> & Partial<Omit<Alert, Required>>): Alert {
  return {
    account: undefined,
    region: undefined,
    activity: undefined,
    alarm: undefined,
    matches: undefined,
    compliance: undefined,
    revert: undefined,
    links: [],
    groupKey: undefined,
    rawText: undefined,
    threshold: undefined,
    setAside: undefined,
    ...fields,
  };
}

/** Empty strings (EventBridge writes "" for unknown envelope fields) read as absent. */
export function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
