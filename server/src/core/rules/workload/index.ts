import type { Rule } from '../types';
import imageNotPinnedByDigest from './imageNotPinnedByDigest';
import imagePullPolicy from './imagePullPolicy';
import imageTagLatest from './imageTagLatest';
import { livenessProbeMissing, readinessProbeMissing } from './probes';
import readOnlyRootFilesystem from './readOnlyRootFilesystem';
import { cpuLimitMissing, cpuRequestMissing, memoryLimitMissing, memoryRequestMissing } from './resources';
import runAsRootGroup from './runAsRootGroup';
import shareProcessNamespace from './shareProcessNamespace';

/** Container and pod hardening beyond the Pod Security Standards. */
export const WORKLOAD_RULES: readonly Rule[] = [
  readOnlyRootFilesystem,
  runAsRootGroup,
  shareProcessNamespace,
  imageTagLatest,
  imageNotPinnedByDigest,
  imagePullPolicy,
  memoryLimitMissing,
  memoryRequestMissing,
  cpuRequestMissing,
  cpuLimitMissing,
  livenessProbeMissing,
  readinessProbeMissing,
];
