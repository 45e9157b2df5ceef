/** Running code or getting a shell where the workloads run: Lambda layers, EC2 user data, SSH keys pushed, SSM commands. */
import { callForms, eq, or } from '../monitors/patterns.js';
import type { Monitor } from '../types.js';

export const lambdaLayerAdded: Monitor = {
  id: 'lambda-layer-added',
  title: 'Lambda layer added to a function',
  description:
    "A function's configuration was changed to load layers: code (or an extension that sees every invocation) runs " +
    "with the function's role without its code changing.",
  severity: 'medium',
  packs: ['threats'],
  ...callForms([
    {
      service: 'lambda',
      prefixes: ['UpdateFunctionConfiguration'],
      detail: { requestParameters: { layers: [{ exists: true }] } },
      filter: [eq('$.requestParameters.layers[0]', '*')],
    },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check each layer ARN in requestParameters.layers: is it published by your own account and pipeline? A layer ' +
    "from an unknown account, or an extension, should be removed and the function's role reviewed.",
  attack: ['T1525', 'T1546'],
  stratus: ['aws.persistence.lambda-layer-extension'],
};

export const ec2UserDataModified: Monitor = {
  id: 'ec2-user-data-modified',
  title: 'EC2 user data changed',
  description: "An instance's user data was replaced: the script runs as root the next time the instance starts.",
  severity: 'medium',
  packs: ['threats'],
  ...callForms([
    {
      service: 'ec2',
      eventNames: ['ModifyInstanceAttribute'],
      // CloudTrail writes the new user data as "<sensitiveDataRemoved>"; the attribute/value form of the call names it.
      detail: {
        $or: [
          { requestParameters: { userData: [{ exists: true }] } },
          { requestParameters: { userData: { value: [{ exists: true }] } } },
          { requestParameters: { attribute: ['userData'] } },
        ],
      },
      filter: [
        or(eq('$.requestParameters.userData', '*'), eq('$.requestParameters.userData.value', '*'), eq('$.requestParameters.attribute', 'userData')),
      ],
    },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Compare the user data of requestParameters.instanceId with what your deployment sets (DescribeInstanceAttribute); ' +
    'a stop, user-data change and start by hand is a known way to run code as root.',
  attack: ['T1059.009', 'T1543'],
  stratus: ['aws.execution.ec2-user-data'],
};

export const instanceRemoteAccess: Monitor = {
  id: 'instance-remote-access',
  title: 'SSH key pushed to an instance',
  description:
    'An SSH key was pushed to an instance through EC2 Instance Connect or the serial console, or serial console ' +
    'access was enabled: a shell on the instance without its own keys.',
  severity: 'medium',
  packs: ['threats'],
  ...callForms([
    // The serial console key is recorded under EC2 Instance Connect's event source, whatever the API reference groups it with.
    { service: 'ec2-instance-connect', eventNames: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'] },
    { service: 'ec2', eventNames: ['EnableSerialConsoleAccess'] },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check who pushed the key to which instance (requestParameters.instanceId, instanceOSUser) and whether that ' +
    "person administers it; review the instance's logins and disable serial console access if unused.",
  attack: ['T1021.004', 'T1098.004'],
  stratus: ['aws.lateral-movement.ec2-instance-connect', 'aws.lateral-movement.ec2-serial-console-send-ssh-public-key'],
};

export const ssmRemoteCommand: Monitor = {
  id: 'ssm-remote-command',
  title: 'Command or session run on instances through SSM',
  description: 'A command was sent to instances, or a shell session started, through Systems Manager: code runs on the instances.',
  severity: 'low',
  packs: ['threats'],
  ...callForms([{ service: 'ssm', eventNames: ['SendCommand', 'StartSession'] }]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Routine for some teams: check the caller and the document (requestParameters.documentName) or target; an ' +
    'unknown principal running AWS-RunShellScript is how instance credentials are stolen.',
  attack: ['T1651', 'T1021.007'],
  stratus: ['aws.execution.ssm-send-command', 'aws.execution.ssm-start-session', 'aws.credential-access.ec2-steal-instance-credentials'],
};
