import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { WorkspaceRule } from '../../core/workspace/types';
import { lintWorkspace } from '../../core/lint';
import type { PssEvaluator } from '../../core/workspace/admission';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import type { ServerSettings } from '../settings';
import { pathToUri } from '../uris';
import type { ResolveFile } from './workspaceService';
import { builtDiagnostic, workspaceDiagnostic } from './toDiagnostics';
import { lintBuildObjects, PlacedFindings, type NotAnalyzedIn } from '../../core/lint/lintBuilds';
import type { FileScope } from '../../core/lint';
import { SourceTexts, placeRelated } from '../../core/sources/placement';
import { toFinding } from '../../core/workspace/asFinding';
import { notAnalyzedDiagnostic } from '../diagnostics';
import { DEFAULT_OPTIONS } from '../../core/engine/options';
import type { WorkspaceBuilds } from './workspaceBuilds';
import type { Finding } from '../../core/engine/finding';
import { splitDocuments } from '../../core/yaml/chunks';
import { LineIndex } from '../../core/yaml/lineIndex';

/** What the findings pipeline reads: the session's index and evaluator, the per-file config, a log. */
export interface FindingsContext {
  index: WorkspaceIndex;
  pss: PssEvaluator;
  resolveFile?: ResolveFile | undefined;
  /** The cross-file rules to run (default all). */
  rules?: readonly WorkspaceRule[] | undefined;
  /** The open documents: where a cross-file rule's failure is shown. */
  openUris?: () => readonly string[];
  /** Kustomize builds: their objects are analysed and findings placed in the files that wrote them. */
  builds?: WorkspaceBuilds | undefined;
  /** A source file's text (open document first), for placing findings. */
  readText?: ((file: string) => string | undefined) | undefined;
  /** Told the placed findings of this run and each diagnostic's key, so code actions can ask for their fixes. */
  onBuildFindings?: ((fixes: BuildFindings) => void) | undefined;
  /** Told what of the builds was not analysed in this run (the security map lists it: it fails closed). */
  onNotAnalyzed?: ((notAnalyzed: readonly NotAnalyzedIn[]) => void) | undefined;
  log: (message: string) => void;
}

/**
 * The cross-file findings of the whole index as diagnostics per uri. The core's pipeline
 * (`lintWorkspace`: every workspace rule once, then per file its levels, inline
 * suppressions, the config's exemptions and `unused-suppression`) decides; this only
 * resolves each file's scope from the settings and converts the result.
 */
export function diagnosticsByUri(ctx: FindingsContext, settings: ServerSettings): Map<string, Diagnostic[]> {
  const { index, pss, log, resolveFile } = ctx;
  const resolved = new Map<string, ReturnType<ResolveFile>>();
  const resolve = (file: string): ReturnType<ResolveFile> => {
    let r = resolved.get(file);
    if (!r) resolved.set(file, (r = resolveFile ? resolveFile(file, settings) : { excluded: false, rules: settings.rules }));
    return r;
  };
  const { byFile, ruleFailures } = lintWorkspace(
    index,
    (file) => {
      const r = resolve(file);
      return { rules: r.rules, strict: r.strict ?? settings.disableInlineSuppressions, exemptions: r.exemptions };
    },
    { pss, rules: ctx.rules },
  );
  const byUri = new Map<string, Diagnostic[]>();
  for (const f of ruleFailures) {
    log(`rule ${f.ruleId} failed: ${f.message}`);
    // Fail closed: its findings are missing for every file, so no open document looks
    // fully checked (the CLI reports it as an error and exits 2).
    for (const uri of ctx.openUris?.() ?? []) listOf(byUri, uri).push(crossFileFailure(f.ruleId, f.message));
  }
  const builds = ctx.builds?.builds ?? [];
  const texts = new SourceTexts(ctx.readText ?? (() => undefined));
  const placed = new PlacedFindings(texts);
  const notAnalyzed: NotAnalyzedIn[] = [];
  const scopeOf = (file: string): FileScope => {
    const r = resolve(file);
    return {
      options: r.options ?? { ...DEFAULT_OPTIONS, rules: r.rules },
      strict: r.strict ?? settings.disableInlineSuppressions,
      exemptions: r.exemptions,
      ...(r.ruleSet ? { rules: r.ruleSet } : {}),
    };
  };
  const builtOf = ctx.builds?.builtOf ?? (() => undefined);
  for (const b of builds)
    for (const n of lintBuildObjects(b, scopeOf(b.file), placed, builtOf, ctx.builds?.analysisCache(b))) notAnalyzed.push(n);
  for (const [file, findings] of byFile) {
    const build = builds.find((b) => b.indexName === file);
    if (build) {
      for (const f of findings) placed.add(build, toFinding(f), builtOf);
      continue;
    }
    const list = listOf(byUri, pathToUri(file));
    for (const f of findings) {
      const related = builds.length ? placeRelated(f.related, builtOf, texts) : f.related;
      list.push(workspaceDiagnostic({ ...f, related }));
    }
  }
  for (const n of placed.notAnalyzed) notAnalyzed.push(n);
  const byKey = new Map<string, Finding>();
  for (const [file, findings] of placed.finish(scopeOf, builds.length ? partsOf(ctx.builds!) : [])) {
    const source = texts.get(file);
    if (!source) continue;
    const uri = pathToUri(file);
    const list = listOf(byUri, uri);
    const starts = splitDocuments(source.text)?.map((c) => c.start) ?? [0];
    for (const f of findings) {
      const key = `${uri}#${f.ruleId}#${f.range.start}-${f.range.end}`;
      byKey.set(key, f);
      list.push(builtDiagnostic(f, source.lines, key, documentIndexAt(starts, f.range.start)));
    }
  }
  ctx.onBuildFindings?.({ placed, byKey });
  ctx.onNotAnalyzed?.(notAnalyzed);
  for (const n of notAnalyzed) {
    const lines = texts.get(n.file)?.lines;
    const rootLines = n.root === undefined ? undefined : texts.get(n.root)?.lines;
    if (lines) listOf(byUri, pathToUri(n.file)).push(notAnalyzedDiagnostic(n.item, lines));
    else if (n.root !== undefined && rootLines && !isYamlFile(n.file)) {
      // Fail closed: a file no editor shows as text (a packaged subchart) must not leave its chart looking clean.
      listOf(byUri, pathToUri(n.root)).push(notAnalyzedDiagnostic({ ...n.item, start: 0 }, rootLines));
    } else {
      // A YAML file with no text (a chart's values.yaml that is not UTF-8) still shows why, on its first line.
      listOf(byUri, pathToUri(n.file)).push(notAnalyzedDiagnostic(n.item, new LineIndex('')));
    }
  }
  return byUri;
}

/** What the code actions need to fix a finding placed from a build. */
export interface BuildFindings {
  placed: PlacedFindings;
  /** `data.key` of a build diagnostic → its placed finding. */
  byKey: Map<string, Finding>;
}

/** The 0-based document of a file that holds `offset`, from the documents' start offsets. */
function documentIndexAt(starts: readonly number[], offset: number): number {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
  return i;
}

/** Every file some build read. */
function partsOf(builds: WorkspaceBuilds): string[] {
  const out = new Set<string>();
  for (const b of builds.builds) for (const f of b.result.filesRead) if (builds.isPart(f)) out.add(f);
  return [...out];
}

function listOf(byUri: Map<string, Diagnostic[]>, uri: string): Diagnostic[] {
  let list = byUri.get(uri);
  if (!list) byUri.set(uri, (list = []));
  return list;
}

/** The `not-analyzed` error on the first line of an open document for a cross-file rule that threw (its message is already safe, see analyzeWorkspace). */
function crossFileFailure(ruleId: string, message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: 'kube-guardrails',
    code: 'not-analyzed',
    message: `Not analysed (rule-failed): cross-file rule ${ruleId} failed, its findings are missing for every file: ${message}`,
  };
}

/** A YAML file (by its name): one a person opens and edits, where a not-analysed diagnostic belongs. */
function isYamlFile(file: string): boolean {
  return file.endsWith('.yaml') || file.endsWith('.yml');
}
