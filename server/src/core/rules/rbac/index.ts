import type { Rule } from '../types';
import clusterAdminBinding from './rbac-cluster-admin-binding';
import clusterAdminRoleBinding from './rbac-cluster-admin-rolebinding';
import createPods from './rbac-create-pods';
import csrApprove from './rbac-csr-approve';
import escalateBind from './rbac-escalate-bind';
import execAttach from './rbac-exec-attach';
import impersonate from './rbac-impersonate';
import nodeProxy from './rbac-node-proxy';
import portforward from './rbac-portforward';
import anonymous from './rbac-anonymous';
import authenticated from './rbac-system-authenticated';
import saTokenCreate from './rbac-sa-token-create';
import secrets from './rbac-secrets';
import secretsWrite from './rbac-secrets-write';
import rolesWrite from './rbac-roles-write';
import webhooks from './rbac-webhooks';
import wildcard from './rbac-wildcard';

/** RBAC rules judged on one Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
export const RBAC_RULES: readonly Rule[] = [
  wildcard,
  secrets,
  secretsWrite,
  execAttach,
  portforward,
  createPods,
  escalateBind,
  rolesWrite,
  impersonate,
  nodeProxy,
  webhooks,
  csrApprove,
  saTokenCreate,
  clusterAdminBinding,
  clusterAdminRoleBinding,
  anonymous,
  authenticated,
];
