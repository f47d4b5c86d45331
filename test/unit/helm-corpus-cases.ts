/** Test helper: the variants of ../shared/corpus/helm/cases.json and the render options each one's command line gives. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderOptions } from '../../server/src/core/sources/helm/helm/render';
import { SHARED } from '../helpers';

export const HELM_CORPUS = path.join(SHARED, 'corpus', 'helm');

export interface CorpusVariant {
  name: string;
  command: string;
  exitCode: number;
  deterministic: boolean;
  expected: string;
}
export interface CorpusCase {
  case: string;
  variants: CorpusVariant[];
}

export function corpusCases(): CorpusCase[] {
  return (JSON.parse(fs.readFileSync(path.join(HELM_CORPUS, 'cases.json'), 'utf8')) as { cases: CorpusCase[] }).cases;
}

/** The options `helm template rel ./chart --namespace ns1 --kube-version 1.33 [-f ...] [...]` stands for (run in the case's folder). */
export function variantOptions(v: CorpusVariant): RenderOptions {
  const args = v.command.split(' ');
  const valuesFiles: string[] = [];
  const apiVersions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-f') valuesFiles.push(args[++i]!);
    if (args[i] === '--api-versions') apiVersions.push(args[++i]!);
  }
  return {
    releaseName: 'rel',
    namespace: 'ns1',
    kubeVersion: '1.33',
    valuesFiles,
    apiVersions,
    includeCrds: args.includes('--include-crds'),
  };
}
