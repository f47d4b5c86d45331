import type { CodeLens } from 'vscode-languageserver/node';
import type { SecurityMap } from '../../core/map/model';
import type { WorkloadLensData } from '../../core/workspace/codeLens';
import { namespaceOf } from '../../core/workspace/workspaceIndex';
import type {
  ReachabilityParams,
  ReachabilityResult,
  SecurityMapParams,
  SecurityMapResult,
  ShowSecurityMapArgs,
} from '../securityMapProtocol';
import { SHOW_SECURITY_MAP_COMMAND, workloadNodeId, type MapView } from '../securityMapProtocol';
import { buildSecurityMap, layoutMap, reachability, renderMapSvg } from './mapCoreStub';
import type { WorkspaceSession } from './workspaceSession';

/**
 * The "Security map" requests answered from the workspace session's index: the map itself
 * comes from core/map, this only checks the client's parameters, says whether the index is
 * complete, and hands the session's not-analysed files to the map so it fails closed.
 */
export class SecurityMapRequests {
  /** The map of the last analysed state, rebuilt when the session's findings were recomputed. */
  private cached: { findings: object; map: SecurityMap } | undefined;

  constructor(private readonly session: WorkspaceSession) {}

  async securityMap(raw: unknown): Promise<SecurityMapResult> {
    const params = mapParams(raw);
    const status = this.status();
    // A partial index would draw policies and bindings in unread files as missing: nothing until it is complete.
    if (status !== 'ready') return { status, map: EMPTY_MAP, svg: '' };
    const map = await this.currentMap();
    const namespace =
      params.namespace !== undefined && map.namespaces.some((n) => n.name === params.namespace) ? params.namespace : undefined;
    return { status, map, svg: renderMapSvg(map, layoutMap(map, params.view, namespace), params.view) };
  }

  async reachability(raw: unknown): Promise<ReachabilityResult> {
    const params = reachabilityParams(raw);
    if (!params) return { error: 'Choose two workloads (and optionally a port).' };
    if (this.status() !== 'ready') return { error: 'The workspace is not fully indexed: ask again when the map is complete.' };
    const map = await this.currentMap();
    for (const id of [params.from, params.to])
      if (!map.workloads.some((w) => w.id === id)) return { error: `No workload ${JSON.stringify(id)} in the workspace.` };
    return { answer: reachability(this.session.index, params.from, params.to, params.port) };
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
    const findings = session.findings(await session.workspaceSettings());
    if (this.cached?.findings === findings) return this.cached.map;
    const map = buildSecurityMap(session.index, notAnalysedOf(session));
    this.cached = { findings, map };
    return map;
  }
}

/** The lens beside a workload's posture lens: opens the view on its namespace with the workload highlighted. */
export function securityMapLens(d: WorkloadLensData): CodeLens {
  const namespace = namespaceOf(d.object) ?? 'default';
  const args: ShowSecurityMapArgs = { namespace, focus: workloadNodeId(namespace, d.object.kind, d.object.name ?? '') };
  return {
    range: d.at.range,
    command: { title: 'Show in security map', command: SHOW_SECURITY_MAP_COMMAND, arguments: [args] },
  };
}

/** Documents the index could not take in and build problems, one entry per file and reason. */
function notAnalysedOf(session: WorkspaceSession): SecurityMap['notAnalysed'] {
  const out = new Map<string, { file: string; reason: string }>();
  const add = (file: string, reason: string) => out.set(`${file}\0${reason}`, { file, reason });
  for (const f of session.index.failures()) add(f.file, `document ${f.documentIndex + 1}: ${f.message}`);
  // Where a finding is reported is no concern of the map; anything else means objects may be missing.
  for (const n of session.buildsNotAnalyzed) if (n.item.reason !== 'placement-failed') add(n.file, n.item.message);
  return [...out.values()];
}

const EMPTY_MAP: SecurityMap = {
  namespaces: [],
  workloads: [],
  entries: [],
  edges: [],
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
