/**
 * The security map webview's page (no `vscode` import, so it is unit-testable). Everything
 * it loads comes from the extension's own `dist/` folder through `asWebviewUri`; the strict
 * Content-Security-Policy allows nothing else: no remote content, no inline code except the
 * one nonce'd script tag, images only from the extension or `data:`.
 */
export interface MapPageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/securityMap.js and dist/securityMap.css. */
  scriptUri: string;
  styleUri: string;
  /** Fresh per page: only tags carrying it run or apply. */
  nonce: string;
}

export function contentSecurityPolicy(r: Pick<MapPageResources, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `img-src ${r.cspSource} data:`,
    `style-src ${r.cspSource} 'nonce-${r.nonce}'`,
    `script-src 'nonce-${r.nonce}'`,
  ].join('; ');
}

/** A nonce from 32 random alphanumerics (`random` in [0, 1), Math.random by default). */
export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(random() * chars.length));
  return out;
}

/** The static shell; the script fills it from the messages the extension posts. */
export function mapPageHtml(r: MapPageResources): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(r))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.styleUri)}" nonce="${attr(r.nonce)}">
<title>Security map</title>
</head>
<body>
<header class="kg-toolbar">
  <div class="kg-tabs" role="tablist">
    <button type="button" role="tab" id="tab-network" data-view="network" aria-selected="true">Network</button>
    <button type="button" role="tab" id="tab-rbac" data-view="rbac" aria-selected="false">RBAC</button>
  </div>
  <label>Namespace <select id="namespace"><option value="">All namespaces</option></select></label>
  <span class="kg-zoom">
    <button type="button" id="zoom-in" title="Zoom in">+</button>
    <button type="button" id="zoom-out" title="Zoom out">−</button>
    <button type="button" id="zoom-fit" title="Fit the map">Fit</button>
  </span>
</header>
<section id="not-analysed" class="kg-banner" role="alert" hidden></section>
<section id="status" class="kg-status" hidden></section>
<form id="reach" class="kg-reach">
  <label>From <select id="reach-from"></select></label>
  <label>To <select id="reach-to"></select></label>
  <label>Port <input id="reach-port" size="8" maxlength="63" placeholder="any"></label>
  <button type="submit">Can it reach?</button>
  <output id="reach-verdict" aria-live="polite"></output>
</form>
<main id="map" class="kg-canvas" tabindex="0" aria-label="Security map (drag to pan, wheel to zoom)"></main>
<script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
