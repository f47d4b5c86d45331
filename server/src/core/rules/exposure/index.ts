import type { Rule } from '../types';
import defaultNamespace from './default-namespace';
import externalIps from './service-external-ips';
import loadBalancerSourceRanges from './service-load-balancer-source-ranges';
import nodePort from './service-node-port';

/** How Services and namespaces expose workloads. */
export const EXPOSURE_RULES: readonly Rule[] = [nodePort, loadBalancerSourceRanges, externalIps, defaultNamespace];
