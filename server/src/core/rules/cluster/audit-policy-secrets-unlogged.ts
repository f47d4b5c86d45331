import type { Document, Pair, YAMLMap } from 'yaml';
import { describeObject } from '../../model/objects';
import { asScalar, getSeq, getString, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isConfigFile, kindRange } from './_lib/configFiles';

/** Rule fields that limit it to some requests: such a rule does not decide for every Secret request. */
const NARROWING = ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'];

function nonEmptySeq(map: YAMLMap, key: string, doc: Document): boolean {
  return (getSeq(map, key, doc)?.items.length ?? 0) > 0;
}

/** Whether an audit rule applies to every request on core Secrets (and whether to every request at all). */
function coversSecrets(rule: YAMLMap, doc: Document): 'all' | 'secrets' | undefined {
  if (NARROWING.some((k) => nonEmptySeq(rule, k, doc))) return undefined;
  const groups = seqMaps(getSeq(rule, 'resources', doc), doc);
  if (groups.length === 0) return 'all';
  const matches = groups.some((g) => {
    if ((getString(g, 'group', doc) ?? '') !== '' || nonEmptySeq(g, 'resourceNames', doc)) return false;
    const resources = getSeq(g, 'resources', doc)?.items ?? [];
    return resources.length === 0 || resources.some((r) => ['secrets', '*'].includes(String(asScalar(r, doc)?.value)));
  });
  return matches ? 'secrets' : undefined;
}

/**
 * An audit policy's rules are matched in order and the first match sets the level. Found:
 * the first rule that applies to every request on Secrets; reported when its level is
 * None (on `level:`), or when no rule does (on `rules:`). Rules narrowed to some users,
 * verbs or namespaces are passed over: they decide for part of the requests only.
 */
export default defineRule({
  id: 'audit-policy-secrets-unlogged',
  title: 'Audit policy logs nothing for Secrets',
  severity: 'warning',
  category: 'cluster',
  description:
    'Reading and changing Secrets is what an attacker with a stolen token does first; an audit policy whose first matching rule for secrets is level: None (or that has none) leaves no record of it.',
  remediation:
    'Add a rule `{level: Metadata, resources: [{group: "", resources: ["secrets"]}]}` before any rule with level: None that would match Secrets.',
  appliesTo: ['Policy'],
  check(ctx) {
    const doc = ctx.object.doc;
    if (!isConfigFile(ctx.object, 'audit.k8s.io', 'Policy')) return;
    const what = describeObject(ctx.object);
    for (const rule of seqMaps(getSeq(ctx.object.root, 'rules', doc), doc)) {
      const covers = coversSecrets(rule, doc);
      if (!covers) continue;
      if (getString(rule, 'level', doc) !== 'None') return;
      ctx.report({
        range: pairRange(pairOf(rule, 'level') as Pair, ctx.text)!,
        message:
          covers === 'all'
            ? `${what} logs nothing for any request from this rule on (level: None matches everything), Secrets included.`
            : `${what} logs nothing for Secrets: the first rule matching every Secret request has level: None.`,
      });
      return;
    }
    const rules = pairOf(ctx.object.root, 'rules') as Pair | undefined;
    ctx.report({
      range: pairRange(rules, ctx.text) ?? kindRange(ctx),
      message: `${what} has no rule that logs every request on Secrets.`,
    });
  },
});
