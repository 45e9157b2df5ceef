import { isJsonObject, itemsAt, stringAt } from './record.js';

/**
 * The resources a call acted on, as short display strings, taken from the request parameters that name them.
 * CloudTrail's own `resources` list is filled by few services, so the common naming parameters are read too.
 */
const NAMING_PARAMETERS = [
  'bucketName',
  'groupId',
  'groupName',
  'functionName',
  'roleName',
  'userName',
  'policyArn',
  'topicArn',
  'keyId',
  'name',
  'trailName',
  'configurationRecorderName',
  'deliveryChannelName',
  'serialNumber',
  'networkAclId',
  'routeTableId',
  'vpcId',
  'internetGatewayId',
  'customerGatewayId',
  'filterName',
  'logGroupName',
  'stackName',
  'secretId',
  'instanceId',
  'accountId',
] as const;

export function resourcesOf(record: unknown): string[] {
  const found = new Set<string>();
  if (!isJsonObject(record)) return [];
  const params = record['requestParameters'];
  if (isJsonObject(params)) {
    for (const key of NAMING_PARAMETERS) {
      const value = params[key];
      if (typeof value === 'string' && value !== '') found.add(value);
    }
    const alarmNames = params['alarmNames'];
    if (Array.isArray(alarmNames)) for (const name of alarmNames) if (typeof name === 'string') found.add(name);
    for (const instance of itemsAt(params, 'instancesSet')) {
      const id = stringAt(instance, 'instanceId');
      if (id) found.add(id);
    }
  }
  const listed = record['resources'];
  if (Array.isArray(listed)) {
    for (const resource of listed) {
      const arn = stringAt(resource, 'ARN') ?? stringAt(resource, 'arn');
      if (arn) found.add(arn);
    }
  }
  return [...found];
}
