import { isMap, type Document, type Node, type YAMLMap } from 'yaml';
import type { FileAnalysis } from '../../engine/analyze';
import type { Finding } from '../../engine/finding';
import { documentOf } from '../../fix/tree';
import type { FixOp } from '../../rules/types';
import type { BuiltText } from '../builtText';
import { builtNodeOrigin, type SourceFix, type SourceParses } from '../fixTranslate';
import type { SourceTexts } from '../placement';

/**
 * The Helm idiom every `helm create` chart and most real charts use for an optional map:
 *
 *     {{- with .Values.securityContext }}
 *     securityContext:
 *       {{- toYaml . | nindent 12 }}
 *     {{- end }}
 *
 * With `securityContext: {}` in values.yaml nothing is rendered, so a finding about a missing
 * `securityContext.runAsNonRoot` lands on the container in the template, where no edit outside
 * `{{ }}` can add it honestly. The fix belongs in values.yaml: `securityContext:` gains
 * `runAsNonRoot: true` and the template renders it. Found by reading the template text that
 * wrote the built map; the caller verifies by re-rendering (core/lint/buildFixes.ts).
 */
const GUARDED_TOYAML =
  /\{\{-?[ \t]*with[ \t]+\.Values\.([A-Za-z0-9_.]{1,200})[ \t]*-?\}\}[ \t]*\r?\n([ \t]*)([A-Za-z0-9_]{1,100}):[ \t]*\r?\n[ \t]*\{\{-?[ \t]*toYaml[ \t]+\.[ \t]*\|[ \t]*nindent[ \t]+\d{1,3}[ \t]*-?\}\}/g;

/** How far below the map's first key its guarded blocks are looked for (a container's block). */
const WINDOW = 4000;

export function guardedValuesFix(
  built: BuiltText,
  analysis: FileAnalysis,
  finding: Finding,
  parses: SourceParses,
  texts: SourceTexts,
): SourceFix | undefined {
  const ops = finding.fix?.ops ?? [];
  const op = ops[0];
  if (ops.length !== 1 || op?.op !== 'set' || op.path.length < 2) return undefined;
  const key = op.path[0]!;
  if (op.map.items.some((p) => (p.key as { value?: unknown } | null)?.value === key)) return undefined; // rendered: translateFix's case
  const builtDoc = documentOf(analysis.parsed, op.map as Node);
  const origin = builtDoc && builtNodeOrigin(built, analysis.parsed.text, builtDoc.doc, op.map as Node);
  if (!origin || origin.via.kind !== 'literal') return undefined;
  const templates = origin.file.lastIndexOf('/templates/');
  if (templates < 0) return undefined;
  const template = texts.get(origin.file)?.text;
  if (template === undefined) return undefined;
  // Provenance may answer for a map in the indentation before one of its keys: the key's column counts.
  const lineStart = template.lastIndexOf('\n', origin.range.start - 1) + 1;
  const line = template.slice(lineStart, template.indexOf('\n', lineStart) >>> 0);
  const indent = line.length - line.trimStart().length;
  const column = Math.max(origin.range.start - lineStart, indent);
  const path = guardedValuesPath(template, origin.range.start, column, key);
  if (!path) return undefined;
  const valuesFile = `${origin.file.slice(0, templates)}/values.yaml`;
  const parsed = parses.get(valuesFile);
  const doc = parsed?.documents[0]?.doc;
  const target = doc && mapAt(doc, path);
  if (!parsed || !target) return undefined;
  const moved: FixOp = { op: 'set', map: target, path: op.path.slice(1), value: op.value };
  const where = `${subchartDirs(origin.file.slice(0, templates))}values.yaml`;
  return { file: valuesFile, parsed, proposal: { title: `${finding.fix!.title} (in ${where}: ${path.join('.')})`, ops: [moved] } };
}

/**
 * `charts/sub/` for a subchart's directory (`charts/a/charts/b/` nested), '' for a chart not
 * under `charts/`: a fix title names which values.yaml it edits, and the path is that file's
 * own (`x`), where a message names the path from the parent's values (`sub.x`).
 */
function subchartDirs(chartDir: string): string {
  const parts = chartDir.split('/');
  let out = '';
  for (let i = parts.length - 1; i >= 2 && parts[i - 1] === 'charts'; i -= 2) out = `charts/${parts[i]}/${out}`;
  return out;
}

/**
 * The values path of the `with .Values.<path>` block that renders `key:` at `column` inside the
 * map written around `at` (provenance answers for a map at one of its lines, not its first).
 */
function guardedValuesPath(template: string, at: number, column: number, key: string): string[] | undefined {
  const from = mapStart(template, at, column);
  const window = template.slice(from, from + WINDOW);
  GUARDED_TOYAML.lastIndex = 0;
  for (let m = GUARDED_TOYAML.exec(window); m; m = GUARDED_TOYAML.exec(window)) {
    const [, path = '', indent = '', name = ''] = m;
    // A line less indented than the map's keys before the block: the map has ended.
    if (leavesMap(window.slice(0, m.index), column)) return undefined;
    if (name === key && indent.length === column) return path.split('.');
  }
  return undefined;
}

/** The start of the line that begins the block map whose keys are at `column` and which holds `at`. */
function mapStart(template: string, at: number, column: number): number {
  let lineStart = template.lastIndexOf('\n', at - 1) + 1;
  for (let guard = 0; guard < 10_000 && lineStart > 0; guard++) {
    const prevStart = template.lastIndexOf('\n', lineStart - 2) + 1;
    const line = template.slice(prevStart, lineStart - 1);
    const content = line.trimStart();
    const indent = line.length - content.length;
    if (content === '' || content.startsWith('{{') || content.startsWith('#') || indent >= column) {
      lineStart = prevStart;
      continue;
    }
    // `- name: x` whose key sits at the map's column: the map's first line (a sequence item).
    return content.startsWith('- ') && indent + 2 === column ? prevStart : lineStart;
  }
  return lineStart;
}

function leavesMap(text: string, column: number): boolean {
  for (const line of text.split('\n').slice(1)) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('{{') || content.startsWith('#')) continue;
    if (line.length - content.length < column) return true;
  }
  return false;
}

function mapAt(doc: Document, path: readonly string[]): YAMLMap | undefined {
  const node = doc.getIn(path, true) as Node | undefined;
  return node && isMap(node) ? node : undefined;
}
