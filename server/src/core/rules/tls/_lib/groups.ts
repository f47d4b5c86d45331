/** The API group of an apiVersion (`cert-manager.io/v1` → `cert-manager.io`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export const ISTIO_SECURITY = 'security.istio.io';
export const ISTIO_NETWORKING = 'networking.istio.io';
export const CERT_MANAGER = 'cert-manager.io';
export const GATEWAY_API = 'gateway.networking.k8s.io';
/** Envoy Gateway's policy CRDs (ClientTrafficPolicy sets its listeners' TLS versions and ciphers). */
export const ENVOY_GATEWAY = 'gateway.envoyproxy.io';
/** Traefik's CRDs moved from traefik.containo.us to traefik.io in v2.10; both are still served. */
export const TRAEFIK: readonly string[] = ['traefik.io', 'traefik.containo.us'];

/** Ingress lived in extensions/v1beta1 and networking.k8s.io/v1beta1 before v1; the TLS fields never changed. */
export function isIngressApi(apiVersion: string): boolean {
  const g = apiGroup(apiVersion);
  return g === 'networking.k8s.io' || g === 'extensions';
}
