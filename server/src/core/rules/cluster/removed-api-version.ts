import type { Pair } from 'yaml';
import { describeObject } from '../../model/objects';
import { pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { pspLevelOf } from './_lib/pspLevel';
import { REMOVED_API_KINDS, removedApi } from './_lib/removedApis';

/**
 * Objects in an API version the cluster no longer serves: `kubectl apply` fails on them
 * (or a Helm upgrade does), and security settings written for the old version are not
 * enforced by anyone. The message names the replacement and the release that serves it;
 * PodSecurityPolicy has none and points at Pod Security Admission namespace labels.
 */
export default defineRule({
  id: 'removed-api-version',
  title: 'API version removed from Kubernetes',
  severity: 'warning',
  category: 'cluster',
  description:
    'Kubernetes no longer serves this apiVersion: applying the manifest fails, and a PodSecurityPolicy is no longer enforced at all (removed in 1.25), so the pods it was meant to restrict run unchecked.',
  remediation:
    'Move the object to the replacement apiVersion named in the message (adjusting the fields that changed); replace PodSecurityPolicies with Pod Security Admission labels on the namespaces.',
  equivalents: { 'kube-linter': ['no-extensions-v1beta'], trivy: ['KSV-0107'] },
  appliesTo: REMOVED_API_KINDS,
  check(ctx) {
    const removed = removedApi(ctx.object.apiVersion, ctx.object.kind);
    if (!removed) return;
    const pair = pairOf(ctx.object.root, 'apiVersion') as Pair;
    const range = pairRange(pair, ctx.text)!;
    const what = `${describeObject(ctx.object)} uses ${removed.apiVersion}, removed in Kubernetes ${removed.removedIn}`;
    const to = removed.replacement;
    if (!to) {
      const level = pspLevelOf(ctx.object);
      ctx.report({
        range,
        message: `${what} without a replacement API: label the namespaces it covered with pod-security.kubernetes.io/enforce: ${level} (the closest Pod Security level to this policy).`,
      });
      return;
    }
    ctx.report({
      range,
      message: `${what}: use ${to.apiVersion} (served since ${to.since})${to.sameSchema ? '' : ', adjusting the fields that changed'}.`,
      ...(to.sameSchema
        ? {
            fix: {
              title: `Change apiVersion to ${to.apiVersion}`,
              ops: [{ op: 'set', map: ctx.object.root, path: ['apiVersion'], value: to.apiVersion }],
            },
          }
        : {}),
    });
  },
});
