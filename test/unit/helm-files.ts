/** Test helper: SourceFiles over a directory of the real file system (reads stay under root). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFiles } from '../../server/src/core/sources/types';

export function dirFiles(root: string): SourceFiles {
  const abs = (p: string) => {
    const r = path.resolve(root, p);
    if (r !== path.resolve(root) && !r.startsWith(path.resolve(root) + path.sep)) throw new Error(`outside root: ${p}`);
    return r;
  };
  return {
    read: (p) => {
      try {
        return fs.readFileSync(abs(p), 'utf8');
      } catch {
        return undefined;
      }
    },
    readBytes: (p) => {
      try {
        return fs.readFileSync(abs(p));
      } catch {
        return undefined;
      }
    },
    list: (p) => {
      try {
        return fs.readdirSync(abs(p));
      } catch {
        return undefined;
      }
    },
    isDirectory: (p) => {
      try {
        return fs.statSync(abs(p)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/** SourceFiles over an in-memory map of path -> text. */
export function memFiles(files: Record<string, string>): SourceFiles {
  const dirs = new Map<string, Set<string>>();
  for (const f of Object.keys(files)) {
    const parts = f.split('/');
    for (let i = 0; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/') || '.';
      if (!dirs.has(d)) dirs.set(d, new Set());
      dirs.get(d)!.add(parts[i]!);
    }
  }
  const norm = (p: string) => (p === '' ? '.' : p.replace(/^\.\//, '').replace(/\/$/, ''));
  return {
    read: (p) => files[norm(p)],
    list: (p) => (dirs.has(norm(p)) ? [...dirs.get(norm(p))!] : undefined),
    isDirectory: (p) => dirs.has(norm(p)),
  };
}

/**
 * `base` with extra directories mounted at `mounts` keys (paths as `base` names them), each
 * read from another real directory: e.g. a chart's missing vendored subcharts taken from other
 * corpus cases. Reads under a mount stay confined to its directory.
 */
export function withMounts(base: SourceFiles, mounts: Record<string, string>): SourceFiles {
  const entries = Object.entries(mounts).map(([at, dir]) => ({ at, files: dirFiles(dir) }));
  const route = (p: string): { files: SourceFiles; rel: string } => {
    for (const m of entries) {
      if (p === m.at) return { files: m.files, rel: '.' };
      if (p.startsWith(m.at + '/')) return { files: m.files, rel: p.slice(m.at.length + 1) };
    }
    return { files: base, rel: p };
  };
  const parentOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));
  return {
    read: (p) => route(p).files.read(route(p).rel),
    readBytes: (p) => route(p).files.readBytes?.(route(p).rel),
    list: (d) => {
      const { files, rel } = route(d);
      const own = files.list(rel);
      const mounted = entries.filter((m) => parentOf(m.at) === d.replace(/\/$/, '')).map((m) => m.at.slice(m.at.lastIndexOf('/') + 1));
      if (!own && mounted.length === 0) return undefined;
      return [...new Set([...(own ?? []), ...mounted])];
    },
    isDirectory: (p) => entries.some((m) => m.at === p) || route(p).files.isDirectory(route(p).rel),
  };
}

/**
 * kube-prometheus-stack as helm rendered it: the corpus copy lacks its vendored subcharts, but
 * the other corpus cases hold the exact versions its Chart.yaml names (kube-state-metrics 8.4.0
 * and prometheus-node-exporter 4.56.1 under prometheus, grafana 12.11.1); the fourth,
 * prometheus-windows-exporter, is disabled by default and not rendered.
 */
export function kubePrometheusStackFiles(corpus: string): SourceFiles {
  const files = withMounts(dirFiles(`${corpus}/kube-prometheus-stack`), {
    'chart/charts/kube-state-metrics': `${corpus}/prometheus/chart/charts/kube-state-metrics`,
    'chart/charts/prometheus-node-exporter': `${corpus}/prometheus/chart/charts/prometheus-node-exporter`,
    'chart/charts/grafana': `${corpus}/grafana/chart`,
  });
  // The grafana copy helm rendered had no .helmignore: its templates/tests are in helm's output,
  // while the grafana case's .helmignore lists `tests/`.
  const hidden = 'chart/charts/grafana/.helmignore';
  return {
    ...files,
    read: (p) => (p === hidden ? undefined : files.read(p)),
    list: (d) => files.list(d)?.filter((e) => `${d}/${e}` !== hidden),
  };
}
