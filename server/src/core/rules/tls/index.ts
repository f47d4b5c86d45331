import type { Rule } from '../types';
import certLongDuration from './tls-cert-long-duration';
import certRenewBefore from './tls-cert-renew-before';
import certRenewLate from './tls-cert-renew-late';
import certRotationNever from './tls-cert-rotation-never';
import certWeakKey from './tls-cert-weak-key';
import gatewayApiHttpOnly from './tls-gateway-api-http-only';
import ingressAllowHttp from './tls-ingress-allow-http';
import ingressHostUncovered from './tls-ingress-host-uncovered';
import ingressTlsHostUnused from './tls-ingress-host-unused';
import istioDrTlsDisabled from './tls-istio-dr-tls-disabled';
import istioDrTlsNoVerify from './tls-istio-dr-tls-no-verify';
import istioGatewayHttp from './tls-istio-gateway-http';
import istioMtlsDisabled from './tls-istio-mtls-disabled';
import istioMtlsPermissive from './tls-istio-mtls-permissive';
import minVersion from './tls-min-version';
import nginxSslRedirectOff from './tls-nginx-ssl-redirect-off';
import weakCiphers from './tls-weak-ciphers';

/** TLS and mTLS rules judged on one Ingress, Gateway, PeerAuthentication, DestinationRule, Certificate, Traefik TLSOption or ingress-nginx ConfigMap. */
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
  certRenewLate,
  certRotationNever,
  certLongDuration,
  ingressAllowHttp,
  minVersion,
  weakCiphers,
];
