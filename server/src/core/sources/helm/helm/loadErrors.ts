/**
 * Reading a chart's Chart.yaml and values.yaml, and why a chart cannot be loaded, in Helm's
 * words: a listed file that cannot be read, a Chart.yaml or values.yaml that is not a YAML map. Helm refuses to render such a chart, and so
 * do we: a file is never taken as empty, values never as `{}` (loadChart throws ChartLoadError,
 * renderChart reports it as the render's error).
 */
import type { BuildProblem, SourceFiles, Unreadable } from '../../types';
import { isMap, newMap, type GoMap } from '../template/values';
import { goYamlBytesProblem, goYamlTextProblem } from './goYamlReader';
import { mergeValues } from './values';
import { SeparatorError, valuesDocuments } from './valuesDocuments';

/**
 * The text of a chart's Chart.yaml or values.yaml: undefined when the folder lists no such file;
 * a ChartLoadError when it lists one that cannot be read (a dangling link, no permission, a link
 * leading outside the folder) or that go-yaml's reader refuses (bytes that are not UTF-8,
 * control characters), in the CLI and the editor alike: never taken as absent, values never `{}`.
 */
export function readChartYaml(files: SourceFiles, path: string, name: 'Chart.yaml' | 'values.yaml', listed: boolean): string | undefined {
  const text = files.read(path);
  if (text === undefined) {
    if (!listed) return undefined;
    const reason = files.unreadable?.(path, name);
    if (reason) throw new ChartLoadError(reason.message, path);
    // Read as bytes but not given as text (the editor's, for text that is not UTF-8).
    const bytes = files.readBytes?.(path);
    throw readerError(name, path, (bytes && goYamlBytesProblem(bytes)) ?? 'the file is not UTF-8 text');
  }
  // A lenient decoder turns bytes that are not UTF-8 into U+FFFD: the bytes then say what go-yaml says.
  const bytes = text.includes('\uFFFD') ? files.readBytes?.(path) : undefined;
  const problem = (bytes && goYamlBytesProblem(bytes)) ?? goYamlTextProblem(text);
  if (problem) throw readerError(name, path, problem);
  return text;
}

function readerError(name: 'Chart.yaml' | 'values.yaml', path: string, problem: string): ChartLoadError {
  return new ChartLoadError(`${loadPrefix(name)}error converting YAML to JSON: yaml: ${problem}`, path);
}

function loadPrefix(name: 'Chart.yaml' | 'values.yaml'): string {
  // values.yaml goes through Helm's ReadValues (its own "cannot unmarshal yaml document" prefix).
  return `cannot load ${name}: ${name === 'values.yaml' ? 'cannot unmarshal yaml document: ' : ''}`;
}

/** A YAML map (an empty or null document: an empty one); Helm fails to load a chart whose Chart.yaml or values.yaml is not one. */
export function parseMap(
  text: string | undefined,
  path: string,
  yaml: (text: string) => unknown,
  name: 'Chart.yaml' | 'values.yaml',
): GoMap {
  if (text === undefined) return newMap();
  try {
    if (name === 'Chart.yaml') return asMap(yaml(text));
    // Every document of values.yaml, merged (Helm 4's ReadValues).
    const [first = '', ...more] = valuesDocuments(text);
    let values = asMap(yaml(first));
    for (const doc of more) values = mergeValues(values, asMap(yaml(doc)));
    return values;
  } catch (e) {
    throw yamlLoadError(name, path, e);
  }
}

/** A YAML document as a map: null is an empty one; anything else is NotAMap. */
function asMap(v: unknown): GoMap {
  if (v === null) return newMap();
  if (!isMap(v)) throw new NotAMap(jsonType(v));
  return v;
}

/** requirements.yaml (Helm 2's dependencies): a problem when it does not read, as before. */
export function parseRequirements(text: string, what: string, problems: BuildProblem[], yaml: (text: string) => unknown): GoMap {
  try {
    const v = yaml(text);
    if (isMap(v)) return v;
    if (v === null) return newMap();
    throw new Error('not a map');
  } catch (e) {
    problems.push({ message: `cannot load ${what}: ${(e as Error).message}` });
    return newMap();
  }
}

export class ChartLoadError extends Error {
  constructor(
    message: string,
    /** The file the error is about, when one is. */
    readonly file?: string | undefined,
  ) {
    super(message);
  }
}

/**
 * A listed chart file `read` gave nothing for: the source's reason; a plain one when the source
 * gives none; undefined when the source says it reads the file's bytes but keeps its text to
 * itself (the editor's, for a binary file): skipped, as before.
 */
export function unreadableFile(files: SourceFiles, path: string, name: string): Unreadable | undefined {
  return files.unreadable ? files.unreadable(path, name) : { message: `error reading ${name}: the file cannot be read`, outside: false };
}

/**
 * A Chart.yaml or values.yaml that did not read as a map. Helm's message up to go-yaml's own
 * wording, which the `yaml` library's cannot give: `yaml: line N: <the library's message>`.
 */
function yamlLoadError(name: 'Chart.yaml' | 'values.yaml', path: string, error: unknown): ChartLoadError {
  if (error instanceof SeparatorError) return new ChartLoadError(`cannot load ${name}: ${error.message}`, path);
  const prefix = loadPrefix(name);
  if (error instanceof NotAMap) {
    // Helm's loader first reads Chart.yaml's apiVersion into its own chartBase.
    const into = name === 'values.yaml' ? 'map[string]interface {}' : 'loader.chartBase';
    return new ChartLoadError(
      `${prefix}error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${error.jsonType} into Go value of type ${into}`,
      path,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const [first = ''] = message.split('\n');
  const at = / at line (\d+), column \d+:?$/.exec(first);
  const detail = at ? `line ${at[1]}: ${first.slice(0, at.index)}` : first;
  return new ChartLoadError(`${prefix}error converting YAML to JSON: yaml: ${detail}`, path);
}

/** A YAML document that is no map: its JSON type, as encoding/json names it. */
class NotAMap extends Error {
  constructor(readonly jsonType: string) {
    super(`not a map: ${jsonType}`);
  }
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'string' ? 'string' : 'object';
}
