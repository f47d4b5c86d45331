import type { Rule } from '../types';
import apiserverAnonymousAuth from './apiserver-anonymous-auth';
import apiserverAuditLogMissing from './apiserver-audit-log-missing';
import apiserverAuthorizationAlwaysAllow from './apiserver-authorization-always-allow';
import apiserverEncryptionConfigMissing from './apiserver-encryption-config-missing';
import apiserverInsecurePort from './apiserver-insecure-port';
import apiserverTlsMinVersion from './apiserver-tls-min-version';
import auditPolicySecretsUnlogged from './audit-policy-secrets-unlogged';
import controlPlaneProfiling from './control-plane-profiling';
import encryptionIdentityFirst from './encryption-identity-first';
import etcdClientCertAuth from './etcd-client-cert-auth';
import kubeletAnonymousAuth from './kubelet-anonymous-auth';
import kubeletAuthorizationAlwaysAllow from './kubelet-authorization-always-allow';
import kubeletCertificateRotation from './kubelet-certificate-rotation';
import kubeletReadOnlyPort from './kubelet-read-only-port';
import kubeletTlsMinVersion from './kubelet-tls-min-version';
import removedApiVersion from './removed-api-version';

/**
 * Cluster configuration kept in Git: control-plane static pods and kubeadm
 * ClusterConfiguration (their flags, `_lib/components.ts`), KubeletConfiguration,
 * EncryptionConfiguration, audit Policy, and API versions Kubernetes has removed.
 */
export const CLUSTER_RULES: readonly Rule[] = [
  apiserverAnonymousAuth,
  apiserverAuthorizationAlwaysAllow,
  apiserverInsecurePort,
  apiserverEncryptionConfigMissing,
  apiserverAuditLogMissing,
  apiserverTlsMinVersion,
  controlPlaneProfiling,
  etcdClientCertAuth,
  kubeletAnonymousAuth,
  kubeletAuthorizationAlwaysAllow,
  kubeletReadOnlyPort,
  kubeletCertificateRotation,
  kubeletTlsMinVersion,
  encryptionIdentityFirst,
  auditPolicySecretsUnlogged,
  removedApiVersion,
];
