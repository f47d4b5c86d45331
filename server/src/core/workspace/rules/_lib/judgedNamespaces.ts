import { hasOperatorManagedPods, networkedWorkloadsIn } from '../../netpol';
import type { IndexedObject } from '../../types';
import type { WorkspaceIndex } from '../../workspaceIndex';

/**
 * Shared by dangling-service and dangling-networkpolicy: whether a namespace is judged at
 * all, and against which workloads. A namespace is judged when the workspace defines at
 * least one networked workload in it and no operator custom resource creates pods there.
 * Answers are kept per namespace for one rule run: every Service or policy of a namespace
 * asks the same question.
 */
export class JudgedNamespaces {
  private readonly answers = new Map<string | undefined, IndexedObject[] | undefined>();

  constructor(private readonly index: WorkspaceIndex) {}

  /** The namespace's networked workloads (file order), or undefined when it is not judged. */
  workloadsIn(namespace: string | undefined): IndexedObject[] | undefined {
    if (this.answers.has(namespace)) return this.answers.get(namespace);
    const workloads = networkedWorkloadsIn(this.index, namespace);
    const answer = workloads.length === 0 || hasOperatorManagedPods(this.index, namespace) ? undefined : workloads;
    this.answers.set(namespace, answer);
    return answer;
  }
}
