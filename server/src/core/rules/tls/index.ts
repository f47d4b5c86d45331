import type { Rule } from '../types';
import certRenewBefore from './tls-cert-renew-before';
import certWeakKey from './tls-cert-weak-key';
import gatewayApiHttpOnly from './tls-gateway-api-http-only';
import ingressHostUncovered from './tls-ingress-host-uncovered';
import ingressTlsHostUnused from './tls-ingress-host-unused';
import istioDrTlsDisabled from './tls-istio-dr-tls-disabled';
import istioDrTlsNoVerify from './tls-istio-dr-tls-no-verify';
import istioGatewayHttp from './tls-istio-gateway-http';
import istioMtlsDisabled from './tls-istio-mtls-disabled';
import istioMtlsPermissive from './tls-istio-mtls-permissive';
import nginxSslRedirectOff from './tls-nginx-ssl-redirect-off';

/** TLS and mTLS rules judged on one Ingress, Gateway, PeerAuthentication, DestinationRule or Certificate. */
export const TLS_RULES: readonly Rule[] = [
  ingressHostUncovered,
  ingressTlsHostUnused,
  nginxSslRedirectOff,
  istioMtlsPermissive,
  istioMtlsDisabled,
  istioDrTlsDisabled,
  istioDrTlsNoVerify,
  istioGatewayHttp,
  gatewayApiHttpOnly,
  certWeakKey,
  certRenewBefore,
];
