import type { Rule } from '../types';
import envHardcodedSecret from './envHardcodedSecret';
import secretInManifest from './secretInManifest';
import tlsPrivateKey from './tlsPrivateKey';

/** Credentials written into manifests. */
export const SECRETS_RULES: readonly Rule[] = [envHardcodedSecret, secretInManifest, tlsPrivateKey];
