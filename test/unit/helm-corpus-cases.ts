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

export function corpusCases(corpus = HELM_CORPUS): CorpusCase[] {
  return (JSON.parse(fs.readFileSync(path.join(corpus, 'cases.json'), 'utf8')) as { cases: CorpusCase[] }).cases;
}

/** `helm template ...` arguments of a variant: its corpus command without the leading `helm`. */
export function helmArgs(v: CorpusVariant): string[] {
  return v.command.split(' ').slice(1);
}

/**
 * The options `helm template rel ./chart --namespace ns1 --kube-version 1.33 [-f ...] [...]` stands
 * for (run in the case's folder): the one reading of a variant's command line, for the tests and
 * the bench. `-f` files are relative to the case's folder, or inside `dir` when it is given.
 */
export function variantOptions(v: CorpusVariant, dir?: string): RenderOptions {
  const args = helmArgs(v);
  const valuesFiles: string[] = [];
  const apiVersions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-f') valuesFiles.push(dir === undefined ? args[++i]! : path.join(dir, args[++i]!));
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
