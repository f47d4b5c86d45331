import type { Rule } from '../types';
import runtimeSocket from './host-path-runtime-socket';
import sensitivePath from './host-path-sensitive';
import writablePath from './host-path-writable';

/** Host access beyond the Pod Security Standards' blanket hostPath check. */
export const HOST_RULES: readonly Rule[] = [runtimeSocket, sensitivePath, writablePath];
