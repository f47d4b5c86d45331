import type { Rule } from '../types';
import automountToken from './automount-service-account-token';
import defaultServiceAccount from './default-service-account';

/** How pods get their Kubernetes API identity. */
export const SERVICE_ACCOUNT_RULES: readonly Rule[] = [automountToken, defaultServiceAccount];
