/**
 * The starter `.kube-guardrails.yaml` that `kube-guardrails init` writes: every top-level key
 * the config schema accepts, set to its default (so the file changes nothing until edited),
 * each explained by a comment and followed by a commented-out example. Kept as data per key
 * so a test can check that every schema key is here, that the file loads without a problem
 * and that each example, uncommented, loads without a problem too.
 */
export interface StarterSection {
  /** The top-level config key. */
  key: string;
  /** Comment lines above the key (without `# `). */
  about: readonly string[];
  /** The key with its default value, as written in the file. */
  defaultYaml: string;
  /** A valid example of the key, written commented out below the default. */
  exampleYaml: string;
}

export const STARTER_SECTIONS: readonly StarterSection[] = [
  {
    key: 'profile',
    about: ['Pod Security Standards level to check: baseline, or restricted (baseline + restricted controls).'],
    defaultYaml: 'profile: restricted',
    exampleYaml: 'profile: baseline',
  },
  {
    key: 'pssVersion',
    about: ['Pod Security policy version: latest or v1.N, as the pod-security.kubernetes.io/enforce-version label.'],
    defaultYaml: 'pssVersion: latest',
    exampleYaml: 'pssVersion: v1.30',
  },
  {
    key: 'rules',
    about: [
      'Level per rule id: off, error, warning or info (`kube-guardrails rules` lists every id).',
      'A level other than off also turns on a rule that is off by default.',
    ],
    defaultYaml: 'rules: {}',
    exampleYaml: ['rules:', '  pss-privileged: error', '  image-not-pinned-by-digest: warning', '  service-node-port: off'].join('\n'),
  },
  {
    key: 'exclude',
    about: ['Files and folders never checked: globs relative to the folder of this file.'],
    defaultYaml: 'exclude: []',
    exampleYaml: ['exclude:', '  - vendor/**', '  - "**/generated/**"'].join('\n'),
  },
  {
    key: 'exemptions',
    about: [
      'Findings you accept, each with a reason and an optional last day (YYYY-MM-DD, UTC).',
      'An exemption applies when every selector it gives (namespaces, kinds, names, files) matches.',
    ],
    defaultYaml: 'exemptions: []',
    exampleYaml: [
      'exemptions:',
      '  - rules: [pss-host-namespaces, pss-host-path-volumes]',
      '    namespaces: [monitoring]',
      '    kinds: [DaemonSet]',
      '    names: ["node-exporter*"]',
      '    reason: node-exporter reads host metrics',
      '    expires: 2099-12-31',
    ].join('\n'),
  },
  {
    key: 'disableInlineSuppressions',
    about: [
      'Strict mode: ignore suppression comments and ignore-check annotations in manifests,',
      'so only the exemptions of this reviewed file can accept a finding.',
    ],
    defaultYaml: 'disableInlineSuppressions: false',
    exampleYaml: 'disableInlineSuppressions: true',
  },
  {
    key: 'customRules',
    about: ['Your own checks: a JSON Schema (draft-07) that every object (or container) of the kinds must match.'],
    defaultYaml: 'customRules: []',
    exampleYaml: [
      'customRules:',
      '  - id: container-memory-limit',
      '    title: Containers set a memory limit',
      '    severity: error',
      '    kinds: [Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod]',
      '    target: container',
      '    schema:',
      '      type: object',
      '      required: [resources]',
      '      properties:',
      '        resources:',
      '          type: object',
      '          required: [limits]',
      '          properties:',
      '            limits:',
      '              type: object',
      '              required: [memory]',
      '    message: Set resources.limits.memory',
    ].join('\n'),
  },
  {
    key: 'helm',
    about: [
      'How charts are rendered for analysis (a folder with Chart.yaml renders like `helm template`',
      "with its own values.yaml). Per chart folder, relative to this file's folder:",
    ],
    defaultYaml: 'helm:\n  charts: {}',
    exampleYaml: [
      'helm:',
      '  charts:',
      '    charts/web:',
      '      valuesFiles: [deploy/values-prod.yaml]',
      '      set: ["image.tag=1.4.2"]',
      '      releaseName: web',
      '      namespace: shop',
      '      kubeVersion: "1.31"',
      '      apiVersions: [monitoring.coreos.com/v1]',
    ].join('\n'),
  },
];

const HEADER = [
  '# kube-guardrails configuration, read by the editor extension and by `kube-guardrails scan`.',
  '# Every key below is set to its default; the commented-out lines under it are an example.',
  '# Reference: https://github.com/kube-guardrails/kube-guardrails/blob/main/docs/configuration.md',
];

const commented = (yaml: string): string[] => yaml.split('\n').map((line) => `# ${line}`);

/** The whole starter file (LF line breaks, ending in one). */
export function starterConfigText(): string {
  const lines = [...HEADER];
  for (const s of STARTER_SECTIONS) {
    lines.push('', ...s.about.map((a) => `# ${a}`), s.defaultYaml, '# Example:', ...commented(s.exampleYaml));
  }
  return lines.join('\n') + '\n';
}
