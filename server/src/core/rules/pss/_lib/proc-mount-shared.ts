import type { Pair, YAMLMap } from 'yaml';
import { pairOf } from '../../../yaml/nodes';
import type { RuleContext } from '../../types';
import { containerSubject } from '../../../model/pod';
import { containerSecurityContext, pairValue, quote, rangeOfPair } from './helpers';

/**
 * The procMount test shared by `procMount` (baseline) and `procMount_restricted`: any
 * container whose `securityContext.procMount` is set to something other than `Default`.
 * One finding per container, on the `procMount:` pair; the fix sets it to `Default`.
 */
export function reportProcMounts(ctx: RuleContext): void {
  for (const c of ctx.pod?.containers ?? []) {
    const sc = containerSecurityContext(c, ctx);
    const hit = badProcMount(sc, ctx);
    if (!sc || !hit) continue;
    ctx.report({
      range: rangeOfPair(hit.pair, ctx),
      message: `${containerSubject(c, ctx.object)} sets procMount ${quote(hit.value)}, which unmasks /proc.`,
      fix: { title: 'Set procMount: Default', ops: [{ op: 'set', map: sc, path: ['procMount'], value: 'Default' }] },
    });
  }
}

function badProcMount(sc: YAMLMap | undefined, ctx: RuleContext): { pair: Pair; value: string } | undefined {
  const pair = pairOf(sc, 'procMount') as Pair | undefined;
  const value = pairValue(pair, ctx);
  if (!pair || typeof value !== 'string' || value === 'Default') return undefined;
  return { pair, value };
}

export const PROC_MOUNT_EQUIVALENTS = {
  'kube-linter': ['unsafe-proc-mount'],
  polaris: ['procMount'],
  trivy: ['KSV-0027'],
} as const;
