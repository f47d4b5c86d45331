import * as path from 'path';
import type { Build } from '../../core/lint/lintBuilds';
import { buildWorkspaceSources } from '../../core/lint/buildSources';
import type { BuiltText } from '../../core/sources/builtText';
import { ParseCache } from '../../core/sources/kustomize/load';
import { isKustomizationFile } from '../../core/sources/kustomize/roots';
import type { SourceFiles } from '../../core/sources/types';
import type { RenderOptions } from '../../core/sources/helm/helm/render';
import { RenderCache } from '../../core/sources/helm/helm/renderCache';
import { isChartFile, isChartTemplate } from '../../core/sources/helm/workspaceCharts';
import type { LineIndex } from '../../core/yaml/lineIndex';
import { readManifest } from './readManifest';
import { DiskTexts } from './diskTexts';
import { workspaceFiles } from './workspaceFiles';
import { overlayFiles } from '../../core/sources/fixTranslate';
import type { Rebuild } from '../../core/lint/buildFixes';
import { DocumentCache } from '../../core/engine/documentCache';

/** What changed in the builds after a refresh, for the index and the validator. */
export interface BuildsRefresh {
  /** Built texts to (re)index under their build's index name. */
  indexed: Build[];
  /** Index names of builds that are gone. */
  dropped: string[];
  /** Files that became, or stopped being, a part of a build (their own diagnostics change). */
  partsChanged: string[];
}

/**
 * The editor's builds: every kustomization file and Helm chart of the workspace folders, the
 * roots built or rendered from them (files read through the open documents first, then the disk, never outside
 * the folders), and the set of files that are parts of a build. Any change to a file under a
 * kustomization's directory marks the builds stale; `refresh` rebuilds them, re-parsing only
 * the files whose text changed (ParseCache).
 */
export class WorkspaceBuilds {
  private readonly kustomizations = new Set<string>();
  private readonly charts = new Set<string>();
  private readonly cache = new ParseCache();
  private current: Build[] = [];
  /** How each current build is made again with some files' texts replaced (to verify a fix). */
  private remake = new Map<Build, (files: SourceFiles) => Build['result']>();
  private partSet = new Set<string>();
  private stale = false;
  /**
   * One RenderCache per chart folder, kept across refreshes: a re-render after an edit parses
   * only the files whose text changed (templates, values, fromYaml texts, schemas).
   */
  private readonly renderCaches = new Map<string, RenderCache>();
  /** Unchanged files on disk are not read again by the next refresh (see DiskTexts). */
  private disk = new DiskTexts((file) => readManifest(file, this.maxFileSize(), this.folders()));

  constructor(
    private readonly openText: (file: string) => string | undefined,
    private readonly folders: () => readonly string[],
    private readonly maxFileSize: () => number,
    /** The config file's render options for a chart folder. */
    private readonly chartOptions: (chartDir: string) => RenderOptions = () => ({}),
  ) {}

  get builds(): readonly Build[] {
    return this.current;
  }

  /** Root charts rendered: their templates are parts even when a failed render never read them. */
  private chartDirs: string[] = [];

  isPart(file: string): boolean {
    return this.partSet.has(file) || isChartTemplate(file, this.chartDirs);
  }

  /** A workspace file was indexed, changed or removed: the builds may have to follow. */
  noteFile(file: string, present: boolean): void {
    this.disk.forget(file);
    const roots = isKustomizationFile(file) ? this.kustomizations : isChartFile(file) ? this.charts : undefined;
    if (roots) {
      if (present) roots.add(file);
      else roots.delete(file);
      this.stale = true;
      return;
    }
    const under = (set: Set<string>) => [...set].some((k) => file.startsWith(path.dirname(k) + path.sep));
    if (this.partSet.has(file) || under(this.kustomizations) || under(this.charts)) this.stale = true;
  }

  get isStale(): boolean {
    return this.stale;
  }

  /** Everything may have changed (a re-index): rebuild at the next refresh. */
  markStale(): void {
    this.stale = true;
    // The settings (the size limit) or the folders may have changed: read every file afresh.
    this.disk = new DiskTexts((file) => readManifest(file, this.maxFileSize(), this.folders()));
    this.roundFiles = undefined;
  }

  isIndexName(file: string): boolean {
    return this.current.some((b) => b.indexName === file);
  }

  /** Rebuilds every root when stale; otherwise nothing changes. */
  refresh(): BuildsRefresh {
    if (!this.stale) return { indexed: [], dropped: [], partsChanged: [] };
    this.stale = false;
    this.disk.nextRound();
    const before = this.current;
    const partsBefore = new Set([...this.partSet].filter((f) => this.isPart(f)));
    this.roundFiles = this.sourceFiles();
    const sources =
      this.folders().length > 0
        ? buildWorkspaceSources({
            kustomizations: [...this.kustomizations],
            charts: [...this.charts],
            files: this.roundFiles,
            cache: this.cache,
            chartOptions: (dir) => ({ ...this.chartOptions(dir), cache: this.renderCacheFor(dir) }),
            label: (dir) => path.relative(this.commonFolder(dir), dir) || dir,
          })
        : undefined;
    this.current = sources?.builds ?? [];
    this.partSet = sources?.parts ?? new Set();
    this.chartDirs = sources?.chartDirs ?? [];
    for (const dir of this.renderCaches.keys()) if (!this.chartDirs.includes(dir)) this.renderCaches.delete(dir);
    this.remake = sources?.remake ?? new Map();
    const names = new Set(this.current.map((b) => b.indexName));
    const partsChanged = [...partsBefore].filter((f) => !this.partSet.has(f));
    for (const f of this.partSet) if (!partsBefore.has(f)) partsChanged.push(f);
    return { indexed: this.current, dropped: before.map((b) => b.indexName).filter((n) => !names.has(n)), partsChanged };
  }

  private renderCacheFor(chartDir: string): RenderCache {
    let c = this.renderCaches.get(chartDir);
    if (!c) this.renderCaches.set(chartDir, (c = new RenderCache()));
    return c;
  }

  private readonly analysisCaches = new Map<string, DocumentCache>();

  /** One analysis cache per build root (by its kustomization or Chart.yaml file). */
  analysisCache(build: Build): DocumentCache {
    let c = this.analysisCaches.get(build.file);
    if (!c) this.analysisCaches.set(build.file, (c = new DocumentCache()));
    return c;
  }

  /** Makes `build` again with some files' texts replaced: how a translated fix is verified. */
  rebuild: Rebuild = (build, overrides) => this.remake.get(build)?.(overlayFiles(this.sourceFiles(), overrides));

  /** The build whose index name `file` is, for placing cross-file findings and related locations. */
  builtOf = (file: string): { built: BuiltText; lines: LineIndex } | undefined => this.current.find((b) => b.indexName === file);

  private commonFolder(dir: string): string {
    return this.folders().find((f) => dir === f || dir.startsWith(f + path.sep)) ?? path.dirname(dir);
  }

  /** A file as the builds read it (an open document's text first), for placing their findings. */
  readSource = (file: string): string | undefined => (this.roundFiles ??= this.sourceFiles()).read(file);

  /** The files of the last refresh (real paths looked up once): placing its findings reads them again. */
  private roundFiles: SourceFiles | undefined;

  /** Files as the builds read them: an open document's text wins; nothing outside the folders (workspaceFiles.ts). */
  private sourceFiles(): SourceFiles {
    return workspaceFiles(this.folders(), this.openText, (file) => this.disk.get(file), this.maxFileSize());
  }
}
