import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/** TLS versions below 1.2, as the components spell them. */
export const WEAK_TLS_VERSIONS: ReadonlySet<string> = new Set(['VersionTLS10', 'VersionTLS11']);

/**
 * The API server's minimum TLS version. Without `--tls-min-version` it takes the Go
 * default of its build, which a manifest does not pin; an explicit TLS 1.0/1.1 is worse.
 */
export default defineRule({
  id: 'apiserver-tls-min-version',
  title: 'API server minimum TLS version not pinned to 1.2 or later',
  severity: 'warning',
  category: 'cluster',
  description:
    'TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); without --tls-min-version the accepted versions depend on the Go release the API server was built with.',
  remediation: 'Set `--tls-min-version=VersionTLS12` (or VersionTLS13) on the API server.',
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver') continue;
      const f = flagValue(c, 'tls-min-version');
      if (!f) ctx.report({ range: c.anchor, message: `${c.where}: kube-apiserver does not set tls-min-version.` });
      else if (f.flag && WEAK_TLS_VERSIONS.has(f.value.trim()))
        ctx.report({ range: f.flag.range, message: `${c.where}: kube-apiserver accepts ${f.value.trim()} (below TLS 1.2).` });
    }
  },
});
