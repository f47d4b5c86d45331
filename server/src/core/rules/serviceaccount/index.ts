import type { Rule } from '../types';
import automountToken from './automountToken';
import defaultServiceAccount from './defaultServiceAccount';

/** How pods get their Kubernetes API identity. */
export const SERVICE_ACCOUNT_RULES: readonly Rule[] = [automountToken, defaultServiceAccount];
