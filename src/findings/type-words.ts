/**
 * Finding types in plain words, for a responder who does not know each detector's naming scheme. Pure; an unknown
 * part is spelled out from its camel case rather than dropped, so a new type still reads.
 */

/** "PortProbeUnprotectedPort" → "port probe unprotected port"; acronyms stay ("SSHBruteForce" → "SSH brute force"). */
function spelledOut(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => (/^[A-Z][a-z]+$/.test(word) ? word.toLowerCase() : word))
    .join(' ');
}

const THREAT_PURPOSES: Readonly<Record<string, string>> = {
  AttackSequence: 'Attack sequence',
  Backdoor: 'Backdoor',
  Behavior: 'Unusual behaviour',
  CredentialAccess: 'Credential access',
  CryptoCurrency: 'Cryptocurrency mining',
  DefenseEvasion: 'Defence evasion',
  Discovery: 'Discovery',
  Execution: 'Execution',
  Exfiltration: 'Data exfiltration',
  Impact: 'Impact',
  InitialAccess: 'Initial access',
  Object: 'Malicious object',
  PenTest: 'Penetration-testing tool',
  Persistence: 'Persistence',
  Policy: 'Policy violation',
  PrivilegeEscalation: 'Privilege escalation',
  Recon: 'Reconnaissance',
  Stealth: 'Stealth',
  Trojan: 'Trojan',
  UnauthorizedAccess: 'Unauthorized access',
};

const GUARDDUTY_RESOURCES: Readonly<Record<string, string>> = {
  EC2: 'an EC2 instance',
  ECS: 'an ECS cluster',
  EKSCluster: 'an EKS cluster',
  IAMUser: 'IAM credentials',
  Kubernetes: 'a Kubernetes cluster',
  Lambda: 'a Lambda function',
  Malware: 'a resource scanned for malware',
  RDS: 'an RDS database',
  Runtime: 'a running workload',
  S3: 'an S3 bucket',
};

const DETECTION_MECHANISMS: Readonly<Record<string, string>> = {
  B: 'detected by behaviour',
  Custom: 'on your threat list',
  Reputation: 'detected by reputation',
};

/**
 * GuardDuty `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`:
 * "Recon:EC2/PortProbeUnprotectedPort" → "Reconnaissance against an EC2 instance: port probe unprotected port";
 * "Trojan:EC2/DNSDataExfiltration!DNS" → "Trojan against an EC2 instance: DNS data exfiltration (seen in DNS)".
 */
export function guardDutyTypeInWords(type: string): string {
  const match = /^([^:]+):([^/]+)\/([^.!]+)(?:\.([^!]+))?(?:!(.+))?$/.exec(type);
  if (match === null) return spelledOut(type);
  const [, purpose = '', resource = '', family = '', mechanism, artifact] = match;
  const notes = [
    mechanism === undefined ? undefined : (DETECTION_MECHANISMS[mechanism] ?? spelledOut(mechanism)),
    artifact === undefined ? undefined : `seen in ${artifact}`,
  ].filter((note) => note !== undefined);
  const what = `${THREAT_PURPOSES[purpose] ?? spelledOut(purpose)} against ${GUARDDUTY_RESOURCES[resource] ?? spelledOut(resource)}: ${spelledOut(family)}`;
  return notes.length === 0 ? what : `${what} (${notes.join(', ')})`;
}

/**
 * An ASFF `Types` entry, `namespace/category/classifier`: "Software and Configuration Checks/Industry and Regulatory
 * Standards/CIS AWS Foundations Benchmark" → "Software and configuration checks: industry and regulatory standards
 * (CIS AWS Foundations Benchmark)".
 */
export function asffTypeInWords(type: string): string {
  const [namespace = '', category, ...classifier] = type.split('/');
  const head = sentenceCase(namespace);
  const rest = [category === undefined ? undefined : lowerCase(category), classifier.length > 0 ? `(${classifier.join('/')})` : undefined]
    .filter((part) => part !== undefined)
    .join(' ');
  return rest === '' ? head : `${head}: ${rest}`;
}

/** Every capitalised word in lower case ("Initial Access" → "initial access"); acronyms stay. */
function lowerCase(text: string): string {
  return text
    .split(' ')
    .map((word) => (/^[A-Z][a-z]+$/.test(word) ? word.toLowerCase() : word))
    .join(' ');
}

/** "Software and Configuration Checks" → "Software and configuration checks"; acronyms ("TTPs") stay. */
function sentenceCase(text: string): string {
  const words = text.split(' ').map((word, index) => (index > 0 && /^[A-Z][a-z]+$/.test(word) ? word.toLowerCase() : word));
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const INSPECTOR_TYPES: Readonly<Record<string, string>> = {
  PACKAGE_VULNERABILITY: 'Vulnerable software package',
  NETWORK_REACHABILITY: 'Network path open to the resource',
  CODE_VULNERABILITY: 'Vulnerability in Lambda function code',
};

/** Inspector `type`, with the vulnerability id when it has one: "Vulnerable software package (CVE-2023-4863)". */
export function inspectorTypeInWords(type: string, vulnerabilityId: string | undefined): string {
  const words = INSPECTOR_TYPES[type] ?? spelledOut(type.toLowerCase().replace(/_/g, ' '));
  return vulnerabilityId === undefined ? words : `${words} (${vulnerabilityId})`;
}

/** "AWS::S3::Bucket" → "S3 bucket"; "AWS::IAM::Role" → "IAM role". */
export function resourceTypeInWords(type: string): string {
  const [, service, kind] = /^AWS::([^:]+)::(.+)$/.exec(type) ?? [];
  if (service === undefined || kind === undefined) return type;
  return `${service} ${spelledOut(kind).toLowerCase()}`;
}

/** Access Analyzer: "S3 bucket made public" / "IAM role shared with another account". */
export function accessAnalyzerTypeInWords(resourceType: string, isPublic: boolean): string {
  return `${resourceTypeInWords(resourceType)} ${isPublic ? 'made public' : 'shared with another account'}`;
}

const MACIE_TYPES: Readonly<Record<string, string>> = {
  S3BlockPublicAccessDisabled: 'S3 Block Public Access turned off for a bucket',
  S3BucketEncryptionDisabled: 'default encryption turned off for an S3 bucket',
  S3BucketPublic: 'S3 bucket made public',
  S3BucketReplicatedExternally: 'S3 bucket replicated to an external account',
  S3BucketSharedExternally: 'S3 bucket shared with an external account',
  S3BucketSharedWithCloudFront: 'S3 bucket shared with a CloudFront distribution',
  Credentials: 'credentials',
  CustomIdentifier: 'data matching a custom identifier',
  Financial: 'financial information',
  Multiple: 'several kinds of sensitive data',
  Personal: 'personal information',
};

/**
 * Macie `Category:Resource/Kind`: "Policy:IAMUser/S3BucketPublic" → "Policy: S3 bucket made public";
 * "SensitiveData:S3Object/Credentials" → "Sensitive data in an S3 object: credentials".
 */
export function macieTypeInWords(type: string): string {
  const [, category, , kind] = /^([^:]+):([^/]+)\/(.+)$/.exec(type) ?? [];
  if (category === undefined || kind === undefined) return spelledOut(type);
  const what = MACIE_TYPES[kind] ?? spelledOut(kind);
  return category === 'SensitiveData' ? `Sensitive data in an S3 object: ${what}` : `${sentenceCase(spelledOut(category))}: ${what}`;
}
