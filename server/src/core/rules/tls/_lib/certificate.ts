import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../../../model/objects';
import { asScalar, getMap, pairOf } from '../../../yaml/nodes';
import { apiGroup, CERT_MANAGER } from './groups';
import { humanDuration, parseGoDuration } from './goDuration';

/** The cert-manager Certificate fields the TLS rules read, with their pairs. */
export interface CertificateView {
  spec: YAMLMap;
  privateKey?: YAMLMap;
  algorithm: string;
  size?: { value: number; pair: Pair };
  duration?: { value: string; pair: Pair };
  renewBefore?: { value: string; pair: Pair };
}

export function readCertificate(object: K8sObject): CertificateView | undefined {
  if (apiGroup(object.apiVersion) !== CERT_MANAGER) return undefined;
  const doc = object.doc;
  const spec = getMap(object.root, 'spec', doc);
  if (!spec) return undefined;
  const privateKey = getMap(spec, 'privateKey', doc);
  const algorithm = asScalar(pairOf(privateKey, 'algorithm')?.value, doc)?.value;
  const view: CertificateView = { spec, algorithm: typeof algorithm === 'string' && algorithm ? algorithm : 'RSA' };
  if (privateKey) view.privateKey = privateKey;
  const sizePair = pairOf(privateKey, 'size');
  const size = asScalar(sizePair?.value, doc)?.value;
  if (sizePair && typeof size === 'number') view.size = { value: size, pair: sizePair };
  for (const key of ['duration', 'renewBefore'] as const) {
    const pair = pairOf(spec, key);
    const v = asScalar(pair?.value, doc)?.value;
    if (pair && typeof v === 'string') view[key] = { value: v, pair };
  }
  return view;
}

/** cert-manager's default certificate lifetime: 90 days. */
const DEFAULT_DURATION_MS = 2160 * 3_600_000;

/**
 * A Certificate's `renewBefore` against its lifetime, as the renewal rules judge it: both in
 * milliseconds (`duration` defaulting to cert-manager's 90 days), the renewBefore pair, and the
 * lifetime as a message names it. Undefined without a renewBefore or when either is unreadable.
 */
export function readRenewal(
  object: K8sObject,
): { renew: number; duration: number; renewBefore: { value: string; pair: Pair }; durationText: string } | undefined {
  const cert = readCertificate(object);
  if (!cert?.renewBefore) return undefined;
  const renew = parseGoDuration(cert.renewBefore.value);
  const duration = cert.duration ? parseGoDuration(cert.duration.value) : DEFAULT_DURATION_MS;
  if (renew === undefined || duration === undefined) return undefined;
  const durationText = cert.duration ? `duration ${cert.duration.value}` : `the default duration of ${humanDuration(DEFAULT_DURATION_MS)}`;
  return { renew, duration, renewBefore: cert.renewBefore, durationText };
}
