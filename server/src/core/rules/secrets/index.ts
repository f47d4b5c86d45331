import type { Rule } from '../types';
import envHardcodedSecret from './env-hardcoded-secret';
import secretInManifest from './secret-in-manifest';
import tlsPrivateKey from './tls-secret-private-key';

/** Credentials written into manifests. */
export const SECRETS_RULES: readonly Rule[] = [envHardcodedSecret, secretInManifest, tlsPrivateKey];
