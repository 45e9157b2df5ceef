/**
 * What secmon can write back to each finding source, in words and in fact: the Slack buttons, the confirm texts, the
 * status lines and the actions all read it here, so they never disagree. Inspector and Macie have no write-back in
 * secmon (Inspector's only closing write is a suppression filter, which would hide every future finding matching it,
 * far beyond the one finding an admin looked at; Macie's is an archive rule, likewise): a Suppress there is
 * recorded by secmon only.
 */
import { FINDING_EVENTS } from '../../findings/events.js';
import type { FindingSource } from '../../findings/model.js';

/** The detectors' names, as their consoles say them (one list: src/findings/events.ts). */
export const FINDING_SOURCE_NAMES: Readonly<Record<FindingSource, string>> = Object.fromEntries(
  Object.values(FINDING_EVENTS).map((kind) => [kind.source, kind.service]),
) as Record<FindingSource, string>;

/** What Suppress does at the source; undefined: nothing (secmon records it only). */
export const SUPPRESS_AT_SOURCE: Readonly<Record<FindingSource, string | undefined>> = {
  securityhub: 'workflow status SUPPRESSED, with a note naming you',
  guardduty: 'archived',
  'access-analyzer': 'archived',
  inspector: undefined,
  macie: undefined,
};

/** Sources whose findings can be resolved (a workflow status): Security Hub only. */
export const RESOLVABLE_SOURCES: readonly FindingSource[] = ['securityhub'];

/** The longest Suppress reason (the modal's limit too); the note to Security Hub shortens it further if need be. */
export const MAX_SUPPRESS_REASON = 300;
