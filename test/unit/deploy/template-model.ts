/**
 * Reading template.yaml for the deployment tests: the parsed template, intrinsic-function helpers, a resolver that
 * evaluates intrinsics for sample parameter values (as CloudFormation would after the SAM transform), and a checker
 * of properties against the CloudFormation resource specification (@aws-cdk/aws-service-spec).
 */
import { readFileSync } from 'node:fs';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource as SpecResource, TypeDefinition } from '@aws-cdk/service-spec-types';
import { yamlParse } from 'yaml-cfn';

export const ROOT = new URL('../../../', import.meta.url);

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Transform?: string;
  readonly Description?: string;
  readonly Parameters: Record<string, { Type: string; Default?: unknown; AllowedPattern?: string; AllowedValues?: unknown[] }>;
  readonly Conditions: Record<string, unknown>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs: Record<string, { Value: unknown; Description?: string }>;
}

export function loadTemplate(text = readFileSync(new URL('template.yaml', ROOT), 'utf8')): Template {
  return yamlParse(text) as Template;
}

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ Ref: ... }` or `{ "Fn::X": ... }` (one key). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** The `${Name}` / `${Name.Attr}` placeholders of a Fn::Sub text (`${!Literal}` is not one). */
export function subPlaceholders(text: string): string[] {
  return [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((m) => m[1]!);
}

/** The text of a Fn::Sub (string form or [text, variables] form). */
export function subText(value: unknown): { text: string; variables: Record<string, unknown> } {
  if (typeof value === 'string') return { text: value, variables: {} };
  if (Array.isArray(value) && typeof value[0] === 'string') return { text: value[0], variables: (value[1] ?? {}) as Record<string, unknown> };
  throw new Error(`malformed Fn::Sub: ${JSON.stringify(value)}`);
}

/** Visits every value of a tree with its path. */
export function walk(value: unknown, visit: (value: unknown, path: string) => void, path = ''): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, visit, `${path}[${index}]`));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) walk(item, visit, path ? `${path}.${key}` : key);
}

// ---------------------------------------------------------------------------------------------------------------
// Resolving intrinsics for sample inputs

export const SAMPLE = { region: 'eu-west-1', account: '111122223333', partition: 'aws' } as const;
export const NO_VALUE = Symbol('AWS::NoValue');

export interface ResolveOptions {
  readonly parameters: Record<string, string>;
}

/** Evaluates intrinsics the way CloudFormation would, with made-up physical ids shaped like the real ones. */
export function createResolver(template: Template, options: ResolveOptions) {
  const { region, account, partition } = SAMPLE;
  const parameter = (name: string): string => {
    if (name in options.parameters) return options.parameters[name]!;
    const declared = template.Parameters[name];
    if (declared === undefined) throw new Error(`no parameter ${name}`);
    if (declared.Default === undefined) throw new Error(`parameter ${name} has no default and no sample value`);
    return String(declared.Default);
  };

  const condition = (name: string): boolean => {
    const definition = template.Conditions[name];
    if (definition === undefined) throw new Error(`no condition ${name}`);
    return Boolean(evaluate(definition));
  };

  const physicalName = (logicalId: string): string => {
    const properties = template.Resources[logicalId]?.Properties ?? {};
    for (const key of ['FunctionName', 'TableName', 'TopicName', 'RoleName', 'QueueName', 'Name', 'LogGroupName']) {
      if (properties[key] !== undefined) return String(evaluate(properties[key]));
    }
    return `stack-${logicalId}-ABCDEF123456`;
  };

  const ref = (logicalId: string): string => {
    const resource = template.Resources[logicalId];
    if (resource === undefined) throw new Error(`no resource ${logicalId}`);
    const name = physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
      default:
        return name;
    }
  };

  const getAtt = (logicalId: string, attribute: string): string => {
    const resource = template.Resources[logicalId];
    if (resource === undefined) throw new Error(`no resource ${logicalId}`);
    const name = physicalName(logicalId);
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::Serverless::Function.Arn':
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role/${name}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${region}:${account}:${name}`;
      case 'AWS::SQS::Queue.QueueName':
        return name;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${name}`;
      case 'AWS::Events::Rule.Arn':
        return `arn:${partition}:events:${region}:${account}:rule/${name}`;
      case 'AWS::Events::EventBus.Arn':
        return `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
      case 'AWS::Lambda::Url.FunctionUrl':
        return `https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.${region}.on.aws/`;
      default:
        throw new Error(`resolver knows no value for GetAtt ${key}`);
    }
  };

  const pseudo: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': account,
    'AWS::Partition': partition,
    'AWS::StackName': 'secmon',
    'AWS::URLSuffix': 'amazonaws.com',
  };

  function refValue(name: string): string | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name]!;
    if (name in template.Parameters) return parameter(name);
    return ref(name);
  }

  function evaluate(value: unknown): unknown {
    const fn = intrinsicName(value);
    if (fn === undefined) {
      if (Array.isArray(value)) return value.map(evaluate).filter((item) => item !== NO_VALUE);
      if (isObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          const resolved = evaluate(item);
          if (resolved !== NO_VALUE) out[key] = resolved;
        }
        return out;
      }
      return value;
    }
    const argument = (value as Record<string, unknown>)[fn];
    switch (fn) {
      case 'Ref':
        return refValue(String(argument));
      case 'Condition':
        return condition(String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
        return getAtt(String(logicalId), String(attribute));
      }
      case 'Fn::Sub': {
        const { text, variables } = subText(argument);
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in variables) return String(evaluate(variables[name]));
          if (name.includes('.')) {
            const [logicalId, attribute] = name.split('.');
            return getAtt(logicalId!, attribute!);
          }
          return String(refValue(name));
        });
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return evaluate(condition(name) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [a, b] = argument as [unknown, unknown];
        return String(evaluate(a)) === String(evaluate(b));
      }
      case 'Fn::Not':
        return !evaluate((argument as unknown[])[0]);
      case 'Fn::And':
        return (argument as unknown[]).every((item) => Boolean(evaluate(item)));
      case 'Fn::Or':
        return (argument as unknown[]).some((item) => Boolean(evaluate(item)));
      case 'Fn::Join': {
        const [separator, items] = argument as [string, unknown[]];
        return (evaluate(items) as unknown[]).map(String).join(separator);
      }
      default:
        throw new Error(`resolver does not implement ${fn}`);
    }
  }

  return { evaluate, condition };
}

// ---------------------------------------------------------------------------------------------------------------
// The CloudFormation resource specification

export type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;

let database: SpecDatabase | undefined;
export function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

export function specResource(db: SpecDatabase, type: string): SpecResource | undefined {
  return db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

/** Problems of `value` against a property type of the spec; [] when it fits. Intrinsics fit any type. */
export function checkValue(db: SpecDatabase, type: PropertyType, value: unknown, path: string): string[] {
  const fn = intrinsicName(value);
  if (fn === 'Fn::If') {
    const [, a, b] = (value as Record<string, unknown[]>)[fn]!;
    return [a, b].flatMap((branch) => (isObject(branch) && branch['Ref'] === 'AWS::NoValue' ? [] : checkValue(db, type, branch, path)));
  }
  if (fn !== undefined) return [];
  switch (type.type) {
    case 'json':
    case 'tag':
      return [];
    case 'null':
      return value === null ? [] : [`${path}: expected null`];
    case 'string':
    case 'date-time':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? []
        : [`${path}: expected a string, got ${JSON.stringify(value)}`];
    case 'number':
    case 'integer':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
        ? []
        : [`${path}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${path}: expected a boolean`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => checkValue(db, type.element, item, `${path}[${index}]`))
        : [`${path}: expected a list`];
    case 'map':
      return isObject(value)
        ? Object.entries(value).flatMap(([key, item]) => checkValue(db, type.element, item, `${path}.${key}`))
        : [`${path}: expected a map`];
    case 'union': {
      const attempts = type.types.map((member) => checkValue(db, member, value, path));
      return attempts.some((problems) => problems.length === 0) ? [] : attempts.reduce((a, b) => (a.length <= b.length ? a : b));
    }
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference.$ref) as TypeDefinition;
      return checkProperties(db, definition.properties, value, path);
    }
    default:
      return [`${path}: unknown spec type ${JSON.stringify(type)}`];
  }
}

export function checkProperties(db: SpecDatabase, properties: SpecResource['properties'], value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path}: expected an object, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    if (property === undefined) problems.push(`${path}.${key}: no such property (known: ${Object.keys(properties).join(', ')})`);
    else problems.push(...checkValue(db, property.type, item, `${path}.${key}`));
  }
  for (const [key, property] of Object.entries(properties)) {
    if (property.required && !(key in value)) problems.push(`${path}.${key}: required`);
  }
  return problems;
}

/** Problems of one template resource against the spec ([] when it fits). */
export function checkResource(db: SpecDatabase, logicalId: string, resource: TemplateResource): string[] {
  const spec = specResource(db, resource.Type);
  if (spec === undefined) return [`${logicalId}: resource type ${resource.Type} is not in the CloudFormation specification`];
  return checkProperties(db, spec.properties, resource.Properties ?? {}, `${logicalId}.Properties`);
}

/** What GetAtt may name on a resource: the spec's attributes (a SAM function is an AWS::Lambda::Function after the transform). */
export function attributesOf(db: SpecDatabase, type: string): string[] {
  const effective = type === 'AWS::Serverless::Function' ? 'AWS::Lambda::Function' : type;
  return Object.keys(specResource(db, effective)?.attributes ?? {});
}
