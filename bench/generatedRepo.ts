import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A generated repository of `files` small manifests in 50 namespace folders (a Deployment,
 * its Service, a Role, a RoleBinding and a NetworkPolicy in turn, referring to each other so
 * the cross-file rules have work), written into a new temporary folder the caller removes.
 */
export function generateWorkspace(files: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-'));
  for (let i = 0; i < files; i++) {
    const ns = `team-${i % 50}`;
    const sub = path.join(dir, ns);
    if (i < 50) fs.mkdirSync(sub, { recursive: true });
    const name = `svc-${i}`;
    let text: string;
    switch (i % 5) {
      case 0:
        text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}, tier: web}\n    spec:\n      serviceAccountName: ${name}\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.${i}.0\n          ports: [{containerPort: 8080}]\n          securityContext:\n            allowPrivilegeEscalation: false\n`;
        break;
      case 1:
        text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: svc-${i - 1}}\n  ports: [{port: 80, targetPort: 8080}]\n`;
        break;
      case 2:
        text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps", "secrets"]\n    verbs: ["get", "list"]\n`;
        break;
      case 3:
        text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: svc-${i - 1}}\nsubjects:\n  - kind: ServiceAccount\n    name: svc-${i - 3}\n    namespace: ${ns}\n`;
        break;
      default:
        text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: svc-${i - 4}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {tier: web}}}]\n`;
    }
    fs.writeFileSync(path.join(sub, `${name}.yaml`), text);
  }
  return dir;
}
