import type { NameReference } from './fieldSpecs';
import { getString, isKMap, isKScalar, isKSeq, kscalar, type KMap, type KNode } from './node';
import { forEachSpec, gvkOf, nameOf, namespaceOf, type Resource } from './resource';
import { isClusterScoped } from './schema';

/**
 * After every rename (prefix, suffix, namespace, hash suffix), references written with an
 * object's earlier name are rewritten to its final name, as kustomize's name-reference
 * transformer does. A rewritten value keeps the origin of the reference (where it was written).
 */
export function fixNameReferences(resources: Resource[], refs: NameReference[]): void {
  for (const ref of refs) {
    const targets = resources.filter((t) => {
      const g = gvkOf(t.obj);
      return g.kind === ref.kind && (!ref.group || g.group === ref.group);
    });
    if (!targets.length) continue;
    for (const r of resources) {
      forEachSpec(r, ref.fieldSpecs, (parent, key) => {
        const node = parent.entries.get(key);
        if (isKScalar(node)) rewriteScalar(parent, key, node, r, targets);
        else if (isKSeq(node)) {
          node.items.forEach((item, i) => {
            if (isKScalar(item)) {
              const holder: KMap = { t: 'map', entries: new Map([['v', item]]) };
              rewriteScalar(holder, 'v', item, r, targets);
              node.items[i] = holder.entries.get('v')!;
            } else if (isKMap(item) && (ref.kind !== 'ServiceAccount' || getString(item, ['kind']) === 'ServiceAccount'))
              rewriteNamed(item, targets);
          });
        } else if (isKMap(node)) rewriteNamed(node, targets);
      });
    }
  }
}

const everyName = (t: Resource) => [...t.prevIds.map((i) => i.name), nameOf(t)];

function rewriteScalar(parent: KMap, key: string, node: KNode & { t: 'scalar' }, referrer: Resource, targets: Resource[]): void {
  if (node.value === null) return;
  const name = String(node.value);
  let found = targets.filter((t) => everyName(t).includes(name));
  if (found.length > 1 && !isClusterScoped(gvkOf(referrer.obj).kind)) {
    const ns = namespaceOf(referrer) ?? 'default';
    const same = found.filter((t) => isClusterScoped(gvkOf(t.obj).kind) || (namespaceOf(t) ?? 'default') === ns);
    if (same.length) found = same;
  }
  const names = new Set(found.map(nameOf));
  if (names.size === 1) {
    const next = [...names][0]!;
    if (next !== name) parent.entries.set(key, kscalar(next, node.origin));
  }
}

/** A `{name, namespace}` map (an RBAC subject, a webhook's service): matched on both. */
function rewriteNamed(m: KMap, targets: Resource[]): void {
  const name = getString(m, ['name']);
  if (name === undefined) return;
  const ns = getString(m, ['namespace']);
  const ids = (t: Resource) => [...t.prevIds, { name: nameOf(t), namespace: namespaceOf(t) }];
  const found = targets.filter((t) =>
    ids(t).some((id) => id.name === name && (ns === undefined || id.namespace === undefined || id.namespace === ns)),
  );
  if (found.length !== 1) return;
  const t = found[0]!;
  const nameNode = m.entries.get('name');
  if (nameOf(t) !== name) m.entries.set('name', kscalar(nameOf(t), nameNode?.origin));
  const tns = namespaceOf(t);
  if (tns !== undefined && tns !== ns)
    m.entries.set(
      'namespace',
      kscalar(
        tns,
        t.obj.entries.get('metadata') && isKMap(t.obj.entries.get('metadata'))
          ? (t.obj.entries.get('metadata') as KMap).entries.get('namespace')?.origin
          : undefined,
      ),
    );
}
