import type { Rule } from '../types';
import imageNotPinnedByDigest from './image-not-pinned-by-digest';
import imagePullPolicy from './image-pull-policy-not-always';
import imageTagLatest from './image-tag-latest';
import livenessProbeMissing from './liveness-probe-missing';
import readinessProbeMissing from './readiness-probe-missing';
import readOnlyRootFilesystem from './read-only-root-filesystem';
import cpuLimitMissing from './cpu-limit-missing';
import cpuRequestMissing from './cpu-request-missing';
import memoryLimitMissing from './memory-limit-missing';
import memoryRequestMissing from './memory-request-missing';
import runAsRootGroup from './run-as-root-group';
import runAsGroupMissing from './run-as-group-missing';
import hostUsersNotDisabled from './host-users-not-disabled';
import shareProcessNamespace from './share-process-namespace';

/** Container and pod hardening beyond the Pod Security Standards. */
export const WORKLOAD_RULES: readonly Rule[] = [
  readOnlyRootFilesystem,
  runAsRootGroup,
  runAsGroupMissing,
  hostUsersNotDisabled,
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
