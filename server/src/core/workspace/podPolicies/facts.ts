import type { Direction } from '../netpol';
import type { LabelSelector } from '../selectors';
import type { Loc } from '../types';
import type { CalicoSelector } from './calicoSelector';

/**
 * A Calico, Cilium or admin network policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy),
 * reduced to what the isolation and allow-all rules read: whom it applies to, the directions
 * in which it isolates them, and its rules that allow every peer on every port.
 */
export interface PodPolicyFacts {
  /** One per Cilium `spec`/`specs` entry; one for the other kinds. */
  parts: PodPolicyPart[];
}

export interface PodPolicyPart {
  subject: PodPolicySubject;
  /** Where the subject is written (selector), for related information. */
  subjectLoc?: Loc;
  /** Directions in which the pods it selects only get the traffic some policy allows. */
  isolates: Direction[];
  allowAll: AllowAllRuleFact[];
}

/**
 * Whom a policy applies to, in its own selector language. A namespaced policy (Calico
 * NetworkPolicy, CiliumNetworkPolicy) applies only in its namespace.
 */
export type PodPolicySubject =
  | {
      language: 'calico';
      selector: CalicoSelector;
      namespaceSelector?: CalicoSelector;
      serviceAccountSelector?: CalicoSelector;
    }
  /** Cilium `endpointSelector`, source prefixes (`k8s:`, `any:`) removed from its keys. */
  | { language: 'cilium'; endpointSelector: LabelSelector }
  /** AdminNetworkPolicy `subject`: the pods (all when absent) of the namespaces selected. */
  | { language: 'admin'; namespaces: LabelSelector; pods?: LabelSelector };

export interface AllowAllRuleFact {
  direction: Direction;
  /** 1-based position among the part's rules of that direction. */
  number: number;
  /** The rule, or the peer that opens it up. */
  loc: Loc;
  /** `from every address (0.0.0.0/0)`: completes "allows traffic ... on every port". */
  reason: string;
}
