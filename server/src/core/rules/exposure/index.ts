import type { Rule } from '../types';
import defaultNamespace from './defaultNamespace';
import externalIps from './externalIps';
import loadBalancerSourceRanges from './loadBalancerSourceRanges';
import nodePort from './nodePort';

/** How Services and namespaces expose workloads. */
export const EXPOSURE_RULES: readonly Rule[] = [nodePort, loadBalancerSourceRanges, externalIps, defaultNamespace];
