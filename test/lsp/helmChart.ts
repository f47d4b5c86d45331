import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { StartOptions } from '../../server/src/lsp/startServer';
import { REPO_ROOT } from '../helpers';
import { TestClient } from './harness';

/** Helpers of the language-server tests on a chart (the issue #17 mapping fixture). */

const MAPPING = path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'mapping');

/** A workspace holding a copy of the mapping fixture chart (at `mapping/`), changed by `prepare`, served to a fresh client. */
export async function inChart(
  body: (c: TestClient, chart: string) => Promise<void>,
  prepare?: (chart: string) => void,
  options: StartOptions = {},
): Promise<void> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-helm-fixes-')));
  const chart = path.join(dir, 'mapping');
  fs.cpSync(MAPPING, chart, { recursive: true });
  prepare?.(chart);
  const c = new TestClient({ workspacePublishDelayMs: 0, ...options });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await c.settled();
    await body(c, chart);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The edits a WorkspaceEdit makes to `uri` (versioned `documentChanges` or plain `changes`). */
export function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const dc of edit?.documentChanges ?? [])
    if ('textDocument' in dc && dc.textDocument.uri === uri) out.push(...(dc.edits as TextEdit[]));
  out.push(...(edit?.changes?.[uri] ?? []));
  return out;
}

/** The uris a WorkspaceEdit touches. */
export function urisOf(edit: WorkspaceEdit | undefined): string[] {
  const fromDocs = (edit?.documentChanges ?? []).flatMap((dc) => ('textDocument' in dc ? [dc.textDocument.uri] : []));
  return [...fromDocs, ...Object.keys(edit?.changes ?? {})].sort();
}

/** `text` with `from` replaced by `to`; fails when `from` is not in it (a fixture that changed must not pass silently). */
export function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`not in the text: ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** A template with a literal `hostIPC: true` (fixed in the template) and a `with .Values.both.securityContext` block (fixed in values.yaml). */
export const BOTH = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: {{ .Release.Name }}-both',
  'spec:',
  '  {{- include "mapping.podSpec" . | nindent 2 }}',
  '  hostIPC: true',
  '  containers:',
  '    - name: both',
  '      image: {{ .Values.image }}',
  '      imagePullPolicy: Always',
  '      {{- include "mapping.resources" . | nindent 6 }}',
  '      {{- with .Values.both.securityContext }}',
  '      securityContext:',
  '        {{- toYaml . | nindent 8 }}',
  '      {{- end }}',
  '',
].join('\n');

/** The `prepare` of a chart holding BOTH at templates/both.yaml and `both.securityContext: {}` in values.yaml. */
export function withBoth(chart: string): void {
  fs.writeFileSync(path.join(chart, 'templates/both.yaml'), BOTH);
  fs.appendFileSync(path.join(chart, 'values.yaml'), 'both:\n  securityContext: {}\n');
}
