/**
 * The script of the security map webview (bundled to dist/securityMap.js; runs in the page,
 * not in the extension host). It draws the SVG the language server rendered, lets the user
 * pick a tab and namespace, pan and zoom (the SVG's viewBox: no framework, so 500 workloads
 * stay a single SVG the browser redraws natively), ask a reachability question, and sends
 * clicks as ids: the extension, which holds the map, decides what to open.
 */
import type { MapLoc, Reachability, SecurityMap } from '../../server/src/core/map/model';
import type { MapView, ReachabilityResult, SecurityMapResult } from '../../server/src/lsp/securityMapProtocol';
import { ViewBox } from './viewBox';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

type Incoming =
  | { type: 'map'; result: SecurityMapResult; view: MapView; namespace: string; focus: string }
  | { type: 'reachability'; result: ReachabilityResult }
  | { type: 'error'; message: string };

const vscode = acquireVsCodeApi();
/** This script's nonce (readable as a property only): given to the drawing's <style> so the CSP lets it apply. */
const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const mapEl = byId<HTMLElement>('map');
const nsSelect = byId<HTMLSelectElement>('namespace');
const banner = byId<HTMLElement>('not-analysed');
const statusEl = byId<HTMLElement>('status');
const fromSelect = byId<HTMLSelectElement>('reach-from');
const toSelect = byId<HTMLSelectElement>('reach-to');
const verdict = byId<HTMLOutputElement>('reach-verdict');

let current: { view: MapView; namespace: string } = { view: 'network', namespace: '' };
let svg: SVGSVGElement | undefined;
let box: ViewBox | undefined;

window.addEventListener('message', (e: MessageEvent<Incoming>) => {
  const m = e.data;
  if (m.type === 'map') showMap(m.result, m.view, m.namespace, m.focus);
  else if (m.type === 'reachability') showVerdict(m.result);
  else if (m.type === 'error') showStatus(`The map could not be computed: ${m.message}`);
});

function showMap(result: SecurityMapResult, view: MapView, namespace: string, focus: string): void {
  const sameDrawing = current.view === view && current.namespace === namespace && svg !== undefined;
  current = wanted = { view, namespace };
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]'))
    tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  fillOptions(nsSelect, [['', 'All namespaces'], ...result.map.namespaces.map((n) => [n.name, n.name] as [string, string])], namespace);
  const workloads = result.map.workloads.map((w) => [w.id, `${w.namespace}/${w.name} (${w.kind})`] as [string, string]);
  fillOptions(fromSelect, workloads, fromSelect.value);
  fillOptions(toSelect, workloads, toSelect.value);
  showNotAnalysed(result.map.notAnalysed);
  if (result.status !== 'ready') {
    showStatus(
      result.status === 'indexing'
        ? 'Indexing the workspace… the map appears when every file is read.'
        : 'Indexing was cancelled: no map until the workspace is indexed again (change a setting or a folder).',
    );
    return;
  }
  const previous = sameDrawing ? box?.current() : undefined;
  if (!drawSvg(result.svg)) return;
  const empty = svg?.querySelector('g.kg-node') === null;
  showStatus(
    !empty
      ? ''
      : view === 'rbac'
        ? `No bindings ${namespace ? `in namespace ${namespace}` : 'in the workspace'}.`
        : `No workloads ${namespace ? `in namespace ${namespace}` : 'in the workspace'}.`,
  );
  if (previous && box) box.set(previous);
  if (focus) focusNode(focus);
}

/** Replaces the drawing (false: unreadable); the SVG is parsed as XML (never as HTML), so it cannot add elements outside itself. */
function drawSvg(text: string): boolean {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  mapEl.replaceChildren();
  svg = undefined;
  box = undefined;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) {
    showStatus('The map drawing could not be read.');
    return false;
  }
  svg = document.importNode(root, true) as unknown as SVGSVGElement;
  // The drawing's own <style> (colours as --kg-* variables) applies only with the page's nonce (CSP).
  for (const style of svg.querySelectorAll('style')) style.nonce = nonce;
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  for (const g of svg.querySelectorAll('g.kg-node, g.kg-edge, g.kg-ns')) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  mapEl.append(svg);
  box = new ViewBox(svg);
  return true;
}

function focusNode(id: string): void {
  const node = svg?.querySelector<SVGGraphicsElement>(`g.kg-node[data-id="${CSS.escape(id)}"]`);
  if (!node || !box) return;
  for (const old of svg!.querySelectorAll('.kg-focus')) old.classList.remove('kg-focus');
  node.classList.add('kg-focus');
  box.centerOn(node.getBBox());
  node.focus();
}

function fillOptions(select: HTMLSelectElement, options: Array<[string, string]>, selected: string): void {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value, false, value === selected)));
}

function showNotAnalysed(list: SecurityMap['notAnalysed']): void {
  banner.hidden = list.length === 0;
  if (banner.hidden) return;
  const items = list.map((n) => {
    const li = document.createElement('li');
    li.textContent = `${n.file}: ${n.reason}`;
    return li;
  });
  const title = document.createElement('strong');
  title.textContent = `The map is partial: ${list.length} file${list.length === 1 ? ' was' : 's were'} not analysed.`;
  const ul = document.createElement('ul');
  ul.append(...items);
  banner.replaceChildren(title, ul);
}

function showStatus(text: string): void {
  statusEl.hidden = text === '';
  statusEl.textContent = text;
}

function showVerdict(result: ReachabilityResult): void {
  verdict.replaceChildren();
  if ('error' in result) {
    verdict.textContent = result.error;
    verdict.className = 'kg-verdict-error';
    return;
  }
  const a: Reachability = result.answer;
  verdict.className = a.allowed ? 'kg-verdict-allowed' : 'kg-verdict-blocked';
  const head = document.createElement('strong');
  head.textContent = a.allowed ? 'Allowed' : 'Blocked';
  const list = document.createElement('ul');
  for (const [side, s] of [
    ['Egress', a.egress],
    ['Ingress', a.ingress],
  ] as const) {
    const li = document.createElement('li');
    const why = s.allowed
      ? s.reasons.map((r) => r.description).join('; ')
      : `blocked by ${s.blockedBy.map(place).join(', ') || 'isolation'}`;
    li.textContent = `${side}: ${s.allowed ? 'allowed' : 'blocked'}${why ? ` (${why})` : ''}`;
    list.append(li);
  }
  verdict.append(head, list);
}

/** `policies.yaml:12`: where a blocking policy is (the full path is in the map's locations; the page has little room). */
function place(l: MapLoc): string {
  return `${l.file.split(/[\\/]/).pop() ?? l.file}:${l.range.start.line + 1}`;
}

/** What the user last asked for: a tab clicked before the previous answer arrived keeps the namespace just picked. */
let wanted: { view: MapView; namespace: string } = current;

function select(view: MapView, namespace: string): void {
  wanted = { view, namespace };
  vscode.postMessage({ type: 'select', view, namespace });
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]'))
  tab.addEventListener('click', () => select(tab.dataset.view === 'rbac' ? 'rbac' : 'network', wanted.namespace));
nsSelect.addEventListener('change', () => select(wanted.view, nsSelect.value));
byId('zoom-in').addEventListener('click', () => box?.zoom(1 / 1.25));
byId('zoom-out').addEventListener('click', () => box?.zoom(1.25));
byId('zoom-fit').addEventListener('click', () => box?.fit());
byId<HTMLFormElement>('reach').addEventListener('submit', (e) => {
  e.preventDefault();
  verdict.textContent = '…';
  vscode.postMessage({
    type: 'reachability',
    from: fromSelect.value,
    to: toSelect.value,
    port: byId<HTMLInputElement>('reach-port').value,
  });
});

/** A click on a node or an edge (a drag that panned is not a click). */
function activate(target: EventTarget | null): void {
  const el = target instanceof Element ? target.closest('g.kg-node, g.kg-edge, g.kg-ns') : null;
  if (!el) return;
  // A namespace box opens its Namespace object (node id `ns:<name>`, as core/map/layout.ts names it).
  const ns = el.getAttribute('data-namespace');
  const id = ns !== null ? `ns:${ns}` : el.getAttribute('data-id');
  if (!el.classList.contains('kg-edge') && id) vscode.postMessage({ type: 'open', target: { kind: 'node', id } });
  else {
    const from = el.getAttribute('data-from');
    const to = el.getAttribute('data-to');
    if (from && to) vscode.postMessage({ type: 'open', target: { kind: 'edge', from, to } });
  }
}
mapEl.addEventListener('click', (e) => {
  if (!box?.dragged) activate(e.target);
});
mapEl.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') activate(e.target);
});
mapEl.addEventListener(
  'wheel',
  (e) => {
    if (!box) return;
    e.preventDefault();
    box.zoomAt(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY);
  },
  { passive: false },
);
mapEl.addEventListener('pointerdown', (e) => box?.startPan(e));

vscode.postMessage({ type: 'ready' });
