import type { Reachability, SecurityMap } from '../core/map/model';

/**
 * The custom LSP messages of the "Security map" view (issue #20), shared by the server and the
 * VS Code client (which imports this file; it has no runtime imports, so the client bundle
 * takes only these names). Other LSP clients never see them unless they opt in.
 */

/** Client-side command that opens the view (argument: ShowSecurityMapArgs, optional). */
export const SHOW_SECURITY_MAP_COMMAND = 'kubeGuardrails.showSecurityMap';
/** Request: the workspace's security map, drawn for one tab and namespace. */
export const SECURITY_MAP_REQUEST = 'kubeGuardrails/securityMap';
/** Request: can workload `from` reach workload `to` (on `port`)? */
export const REACHABILITY_REQUEST = 'kubeGuardrails/reachability';
/** Notification (server → client): the workspace's findings were re-published, so the map may have changed. */
export const SECURITY_MAP_CHANGED = 'kubeGuardrails/securityMapChanged';

/**
 * `initializationOptions` of a client that shows the view: only then does the server send
 * the change notification and add a "Show in security map" CodeLens (whose command is the
 * client's), so other editors get no lens they cannot run.
 */
export interface SecurityMapClientOptions {
  securityMapView?: boolean;
}

export type MapView = 'network' | 'rbac';

export interface SecurityMapParams {
  view: MapView;
  /** Draw only this namespace (every namespace when absent). */
  namespace?: string | undefined;
}

export interface SecurityMapResult {
  /** `indexing`: the index is still partial (a new map follows the change notification); `paused`: the user cancelled indexing. */
  status: 'ready' | 'indexing' | 'paused';
  map: SecurityMap;
  /** The drawing (an `<svg>` element as text); empty while not `ready`. */
  svg: string;
}

export interface ReachabilityParams {
  from: string;
  to: string;
  port?: string | undefined;
}

/** The verdict, or why there is none (an unknown workload id, or the index is not ready). */
export type ReachabilityResult = { answer: Reachability } | { error: string };

/** Arguments of `kubeGuardrails.showSecurityMap` (the CodeLens passes them; the palette passes none). */
export interface ShowSecurityMapArgs {
  namespace?: string | undefined;
  /** Node id to highlight, e.g. `workload:shop/Deployment/web`. */
  focus?: string | undefined;
}
