/** Loading the event fixtures of test/fixtures/events and the catalog they are normalised against. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import type { NormaliseDeps } from '../../../src/alerts/normalise/index.js';

export const EVENTS_DIR = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

export function loadEvent(relative: string): unknown {
  return JSON.parse(readFileSync(`${EVENTS_DIR}${relative}`, 'utf8')) as unknown;
}

/** `<group>/<file>.json` of every fixture. */
export function fixtureFiles(): string[] {
  return ['sns', 'eventbridge', 'config', 'malformed'].flatMap((group) =>
    readdirSync(`${EVENTS_DIR}${group}`)
      .filter((file) => file.endsWith('.json'))
      .map((file) => `${group}/${file}`),
  );
}

const catalog = buildCatalog();
/** The alarm topic of the fixtures' deployment (test/fixtures/events/sns). */
export const ALARM_TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms';
export const deps: NormaliseDeps = { catalog, matcher: createCatalogMatcher(catalog), alarmTopicArn: ALARM_TOPIC_ARN };

export const NOW = new Date('2026-11-21T00:00:00.000Z');
