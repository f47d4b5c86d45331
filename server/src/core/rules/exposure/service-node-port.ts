import { describeObject } from '../../model/objects';
import { getMap, getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

export default defineRule({
  id: 'service-node-port',
  title: 'Service exposed on every node (NodePort)',
  severity: 'info',
  category: 'exposure',
  description:
    "A NodePort Service opens the port on every node's addresses, bypassing ingress controllers and, often, the network boundary intended for the workload.",
  remediation: 'Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer restricted by source ranges.',
  equivalents: { 'kube-linter': ['exposed-services'] },
  appliesTo: ['Service'],
  check(ctx) {
    const spec = getMap(ctx.object.root, 'spec', ctx.object.doc);
    if (getString(spec, 'type', ctx.object.doc) !== 'NodePort') return;
    ctx.report({
      range: pairRange(pairOf(spec, 'type'), ctx.text)!,
      message: `${describeObject(ctx.object)} is exposed on a port of every node (type: NodePort).`,
    });
  },
});
