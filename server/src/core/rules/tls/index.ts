import type { Rule } from '../types';
import certRenewBefore from './certRenewBefore';
import certWeakKey from './certWeakKey';
import gatewayApiHttpOnly from './gatewayApiHttpOnly';
import ingressHostUncovered from './ingressHostUncovered';
import ingressTlsHostUnused from './ingressTlsHostUnused';
import istioDrTlsDisabled from './istioDrTlsDisabled';
import istioDrTlsNoVerify from './istioDrTlsNoVerify';
import istioGatewayHttp from './istioGatewayHttp';
import istioMtlsDisabled from './istioMtlsDisabled';
import istioMtlsPermissive from './istioMtlsPermissive';
import nginxSslRedirectOff from './nginxSslRedirectOff';

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
