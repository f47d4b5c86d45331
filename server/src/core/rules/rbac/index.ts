import type { Rule } from '../types';
import clusterAdminBinding from './clusterAdminBinding';
import clusterAdminRoleBinding from './clusterAdminRoleBinding';
import createPods from './createPods';
import csrApprove from './csrApprove';
import escalateBind from './escalateBind';
import execAttach from './execAttach';
import impersonate from './impersonate';
import nodeProxy from './nodeProxy';
import portforward from './portforward';
import { anonymous, authenticated } from './publicSubjects';
import saTokenCreate from './saTokenCreate';
import secrets from './secrets';
import webhooks from './webhooks';
import wildcard from './wildcard';

/** RBAC rules judged on one Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
export const RBAC_RULES: readonly Rule[] = [
  wildcard,
  secrets,
  execAttach,
  portforward,
  createPods,
  escalateBind,
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
