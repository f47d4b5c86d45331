import { getSeq, getString, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { objectLabel, present, presentPair, quote, rangeOfPair } from './_lib/helpers';

/**
 * Volume sources the restricted level allows. `image` was patched into the v1.0 check
 * (Kubernetes 1.33) rather than gated behind a new version, so it is allowed at every
 * policy version.
 */
const RESTRICTED_ALLOWED_VOLUME_TYPES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Every other volume source of the core API; a volume holding one of them is forbidden. */
const RESTRICTED_FORBIDDEN_VOLUME_TYPES: readonly string[] = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/**
 * PSA `restrictedVolumes` (restricted, all versions; overrides `hostPathVolumes` in PSA,
 * both are reported here): every volume must use an allowed source. A volume with no
 * recognised source is defaulted to emptyDir by the API server, so it passes. One finding
 * per volume, on the forbidden source key. No quick fix: moving data needs a decision.
 */
export default defineRule({
  id: 'pss-restricted-volumes',
  title: 'Volume type not allowed by the restricted policy',
  severity: 'warning',
  category: 'pod-security',
  description:
    'The restricted level only allows volume types that are managed through the Kubernetes API (configMap, secret, PVC, CSI and similar); node-level and in-tree network volumes bypass storage policies and can expose host or shared data.',
  remediation: 'Use a persistentVolumeClaim, CSI, configMap, secret, projected, downwardAPI, emptyDir, ephemeral or image volume instead.',
  pss: { check: 'restrictedVolumes', level: 'restricted' },
  equivalents: {
    trivy: ['KSV-0028'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const volume of seqMaps(getSeq(ctx.pod?.spec, 'volumes', doc), doc)) {
      if (RESTRICTED_ALLOWED_VOLUME_TYPES.some((t) => present(volume, t, ctx) !== undefined)) continue;
      const type = RESTRICTED_FORBIDDEN_VOLUME_TYPES.find((t) => present(volume, t, ctx) !== undefined);
      if (!type) continue;
      const name = getString(volume, 'name', doc);
      ctx.report({
        range: rangeOfPair(presentPair(volume, type, ctx)!, ctx),
        message: `${name !== undefined ? `Volume ${quote(name)}` : 'A volume'} of ${objectLabel(ctx)} uses volume type ${type}, which the restricted policy does not allow.`,
      });
    }
  },
});
