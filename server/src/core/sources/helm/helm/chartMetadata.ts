/**
 * Helm's checks of a loaded Chart.yaml (the loader's apiVersion dispatch, then chart/v2's
 * Metadata.Validate), in its words: a chart that fails them is never rendered.
 */
import { LazyRe2, matchAll } from '../re2';
import type { GoMap } from '../template/values';
import { ChartLoadError } from './loadErrors';

/** Masterminds/semver v3's NewVersion: `v` optional, minor and patch optional, dotted pre-release and build. */
const SEMVER = new LazyRe2('v?[0-9]+(\\.[0-9]+)?(\\.[0-9]+)?(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?');

/** A Chart.yaml field as Go's string field holds it (a YAML number is read into it as its text). */
function field(metadata: GoMap, key: string): string {
  const v = metadata[key];
  return v === null || v === undefined ? '' : String(v);
}

/** Throws helm's error for a Chart.yaml that Helm refuses to load; `path` is the Chart.yaml. */
export function validateMetadata(metadata: GoMap, path: string): void {
  const fail = (message: string): never => {
    throw new ChartLoadError(message, path);
  };
  const name = field(metadata, 'name');
  if (name === '') fail('validation: chart.metadata.name is required');
  if (name.includes('/') || name === '.' || name === '..') fail(`validation: chart.metadata.name ${JSON.stringify(name)} is invalid`);
  const version = field(metadata, 'version');
  if (version === '') fail('validation: chart.metadata.version is required');
  if (!matchAll(SEMVER, version)) fail(`validation: chart.metadata.version ${JSON.stringify(version)} is invalid`);
  const type = field(metadata, 'type');
  if (type !== '' && type !== 'application' && type !== 'library') fail('validation: chart.metadata.type must be application or library');
  // Then the apiVersion (a missing one is v1): only v1 and v2 are known.
  const apiVersion = field(metadata, 'apiVersion');
  if (apiVersion !== '' && apiVersion !== 'v1' && apiVersion !== 'v2') fail('invalid chart apiVersion');
}
