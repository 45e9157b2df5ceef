import type { CatalogOptions, Monitor } from '../types.js';
import { apiCall, eq, filter, fromService, or } from './patterns.js';

/** SNS topic deletion; with `snsTopicNames`, only those topics (the topic name is the ARN's last `:` field). */
export function snsTopicDeleted(options: CatalogOptions): Monitor {
  const names = options.snsTopicNames;
  const narrowed = names.length > 0;
  return {
    id: 'sns-topic-deleted',
    title: 'SNS topic deleted',
    description: narrowed
      ? `An SNS topic that alerts depend on (${names.join(', ')}) was deleted; its notifications now go nowhere.`
      : 'An SNS topic was deleted; alarms and subscriptions that publish to it now notify nobody.',
    severity: 'high',
    packs: ['essentials'],
    filterPattern: filter(
      fromService('sns'),
      eq('$.eventName', 'DeleteTopic'),
      ...(narrowed ? [or(...names.map((name) => eq('$.requestParameters.topicArn', `*:${name}`)))] : []),
    ),
    eventPattern: apiCall('sns', {
      eventName: ['DeleteTopic'],
      ...(narrowed ? { requestParameters: { topicArn: names.map((name) => ({ suffix: `:${name}` })) } } : {}),
    }),
    ruleRegions: ['home'],
    remediations: [],
    runbook:
      'Recreate the topic (requestParameters.topicArn) and its subscriptions, and re-point alarms and rules that ' +
      'published to it; find out who deleted it.',
    attack: ['T1562'],
    stratus: [],
  };
}
