import { describeObject } from '../../model/objects';
import { defineRule } from '../types';
import { WEAK_TLS_VERSIONS } from './apiserver-tls-min-version';
import { isConfigFile, scalarAt } from './_lib/configFiles';

/** The kubelet API below TLS 1.2; an absent `tlsMinVersion` is the Go default (1.2 since Go 1.18). */
export default defineRule({
  id: 'kubelet-tls-min-version',
  title: 'Kubelet accepts TLS below 1.2',
  severity: 'warning',
  category: 'cluster',
  description:
    'TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); a kubelet that accepts them exposes exec, logs and pod data to downgrade attacks.',
  remediation: 'Set `tlsMinVersion: VersionTLS12` (or VersionTLS13), or remove it, in the KubeletConfiguration.',
  appliesTo: ['KubeletConfiguration'],
  check(ctx) {
    if (!isConfigFile(ctx.object, 'kubelet.config.k8s.io', 'KubeletConfiguration')) return;
    const s = scalarAt(ctx, ['tlsMinVersion']);
    if (!s || typeof s.value !== 'string' || !WEAK_TLS_VERSIONS.has(s.value.trim())) return;
    ctx.report({ range: s.range, message: `${describeObject(ctx.object)} accepts ${s.value.trim()} on the kubelet API (below TLS 1.2).` });
  },
});
