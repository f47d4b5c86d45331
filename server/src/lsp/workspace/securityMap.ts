import { MarkupKind, type CodeLens, type Hover, type Position } from 'vscode-languageserver/node';
import type { SecurityMap } from '../../core/map/model';
import type { WorkloadLensData } from '../../core/workspace/codeLens';
import { isNetworkedWorkload } from '../../core/workspace/netpol';
import type { IndexedObject } from '../../core/workspace/types';
import { namespaceOf } from '../../core/workspace/workspaceIndex';
import type {
  ReachabilityParams,
  ReachabilityResult,
  SecurityMapParams,
  SecurityMapResult,
  ShowSecurityMapArgs,
} from '../securityMapProtocol';
import { SHOW_SECURITY_MAP_COMMAND, type MapView } from '../securityMapProtocol';
import { buildSecurityMap } from '../../core/map/buildMap';
import { workloadId } from '../../core/map/ids';
import { layoutMap } from '../../core/map/layout';
import { reachability } from '../../core/map/reachability';
import { renderMapSvg } from '../../core/map/svg';
import { placeBuiltLocs } from '../../core/map/placeBuiltLocs';
import { rangeContains as contains } from '../ranges';
import type { WorkspaceSession } from './workspaceSession';

/**
 * The "Security map" requests answered from the workspace session's index: the map itself
 * comes from core/map, this only checks the client's parameters, says whether the index is
 * complete, and hands the session's not-analysed files to the map so it fails closed.
 */
export class SecurityMapRequests {
  /** The map of the last analysed state, rebuilt when the session's findings were recomputed. */
  private cached: { findings: object; map: SecurityMap } | undefined;
  /** Drawings of the cached map by tab and namespace. */
  private readonly drawings = new Map<string, string>();

  constructor(private readonly session: WorkspaceSession) {}

  async securityMap(raw: unknown): Promise<SecurityMapResult> {
    const params = mapParams(raw);
    const status = this.status();
    // A partial index would draw policies and bindings in unread files as missing: nothing until it is complete.
    if (status !== 'ready') return { status, map: EMPTY_MAP, svg: '' };
    const map = await this.currentMap();
    const namespace =
      params.namespace !== undefined && map.namespaces.some((n) => n.name === params.namespace) ? params.namespace : undefined;
    // Laying out hundreds of workloads takes seconds: each drawing is kept until the map changes.
    const key = `${params.view}\0${namespace ?? ''}`;
    let svg = this.drawings.get(key);
    if (svg === undefined) this.drawings.set(key, (svg = renderMapSvg(map, layoutMap(map, params.view, namespace), params.view)));
    return { status, map, svg };
  }

  async reachability(raw: unknown): Promise<ReachabilityResult> {
    const params = reachabilityParams(raw);
    if (!params) return { error: 'Choose two workloads (and optionally a port).' };
    if (this.status() !== 'ready') return { error: 'The workspace is not fully indexed: ask again when the map is complete.' };
    await this.currentMap(); // indexes pending edits, as the map does
    try {
      const answer = reachability(this.session.index, params.from, params.to, params.port);
      if (this.session.builds.builds.length > 0) placeBuiltLocs(answer, this.session.builds.builtOf, this.readSource());
      return { answer };
    } catch (e) {
      // An unknown or ambiguous workload: core/map says which.
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  private readSource(): (file: string) => string | undefined {
    const settings = this.session.lastSettings;
    return (file) => (settings ? this.session.readSource(file, settings) : undefined);
  }

  private status(): SecurityMapResult['status'] {
    if (this.session.paused) return 'paused';
    return this.session.indexing ? 'indexing' : 'ready';
  }

  /**
   * Indexes pending edits and runs the workspace analysis (cached by the session: the same
   * one the diagnostics came from), which rebuilds stale builds and records what of them was
   * not analysed; the map is rebuilt only when that analysis was redone.
   */
  private async currentMap(): Promise<SecurityMap> {
    const session = this.session;
    await session.flush();
    const settings = await session.workspaceSettings();
    const findings = session.findings(settings);
    if (this.cached?.findings === findings) return this.cached.map;
    // The session's Pod Security evaluator: its verdicts are cached per indexed object and the
    // cross-file findings just computed them, so the map re-evaluates nothing an edit left alone.
    const map = buildSecurityMap(session.index, notAnalysedOf(session), session.pss);
    if (session.builds.builds.length > 0) placeBuiltLocs(map, session.builds.builtOf, this.readSource());
    this.cached = { findings, map };
    this.drawings.clear();
    return map;
  }
}

/** What the lens and the hover link open: the view on the workload's namespace with the workload highlighted. */
function showArgs(o: IndexedObject): ShowSecurityMapArgs {
  return { namespace: namespaceOf(o) ?? 'default', focus: workloadId(o) };
}

/** The lens beside a workload's posture lens: opens the view on its namespace with the workload highlighted. */
export function securityMapLens(d: WorkloadLensData): CodeLens {
  return {
    range: d.at.range,
    command: { title: 'Show in security map', command: SHOW_SECURITY_MAP_COMMAND, arguments: [showArgs(d.object)] },
  };
}

/**
 * The hover on a workload where its lens is (its anchor): the same command as a link. The
 * arguments are URI-encoded JSON, with the characters encodeURIComponent keeps that Markdown
 * reads in a link (`(`, `)`…) encoded too, so a workload's name cannot end the link. The
 * client trusts this one command in hovers (client/src/extension.ts).
 */
export function securityMapHover(session: WorkspaceSession, file: string, position: Position): Hover | null {
  for (const o of session.index.objectsInFile(file)) {
    if (!o.workload || !isNetworkedWorkload(o) || !contains(o.anchor.range, position)) continue;
    const query = encodeURIComponent(JSON.stringify([showArgs(o)])).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    return {
      contents: { kind: MarkupKind.Markdown, value: `[Show in security map](command:${SHOW_SECURITY_MAP_COMMAND}?${query})` },
      range: o.anchor.range,
    };
  }
  return null;
}

/**
 * What of the builds was not analysed (a failed or partial Kustomize build or Helm render):
 * their objects may be missing. core/map adds the documents the index could not take in.
 */
function notAnalysedOf(session: WorkspaceSession): SecurityMap['notAnalysed'] {
  const out = new Map<string, { file: string; reason: string }>();
  // Where a finding is reported is no concern of the map; anything else means objects may be missing.
  for (const n of session.buildsNotAnalyzed)
    if (n.item.reason !== 'placement-failed') out.set(`${n.file}\0${n.item.message}`, { file: n.file, reason: n.item.message });
  return [...out.values()];
}

const EMPTY_MAP: SecurityMap = {
  namespaces: [],
  workloads: [],
  entries: [],
  edges: [],
  groups: [],
  rbac: { subjects: [], bindings: [], roles: [] },
  notAnalysed: [],
};

const MAX_PARAM_LENGTH = 1000;

function shortString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_PARAM_LENGTH ? v : undefined;
}

/** The client's parameters, checked: anything malformed falls back to the network view of every namespace. */
function mapParams(raw: unknown): SecurityMapParams {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const view: MapView = p.view === 'rbac' ? 'rbac' : 'network';
  return { view, namespace: shortString(p.namespace) };
}

function reachabilityParams(raw: unknown): ReachabilityParams | undefined {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const from = shortString(p.from);
  const to = shortString(p.to);
  if (!from || !to) return undefined;
  const port = typeof p.port === 'string' ? p.port.trim() : typeof p.port === 'number' ? String(p.port) : '';
  return { from, to, port: port && port.length <= 63 ? port : undefined };
}
