import type { Rule } from '../types';
import runtimeSocket from './runtimeSocket';
import sensitivePath from './sensitivePath';

/** Host access beyond the Pod Security Standards' blanket hostPath check. */
export const HOST_RULES: readonly Rule[] = [runtimeSocket, sensitivePath];
