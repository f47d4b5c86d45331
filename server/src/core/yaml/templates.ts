/**
 * Recognises Helm (Go template) documents, which are not manifests until rendered: their
 * findings would be noise. Go-template text that is plain data inside a real manifest (a
 * Prometheus alert's quoted `'{{ $labels.instance }}'`) must not count, so we look for
 * structure: a line that is a template action, an unquoted value that starts one, or a
 * reference to Helm's own objects and functions. Every pattern is anchored or literal-led
 * with no nested quantifiers, so it runs in linear time on any input.
 */
const LINE_ACTION = /^[ \t]*(?:-[ \t]+)?\{\{/m;
const UNQUOTED_VALUE_ACTION = /:[ \t]+\{\{/;
const HELM_REFERENCE =
  /\{\{-?[ \t]*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|include[ \t]|template[ \t]|toYaml|tpl[ \t]|required[ \t])/;

export function isTemplated(text: string): boolean {
  if (text.indexOf('{{') < 0) return false;
  return LINE_ACTION.test(text) || UNQUOTED_VALUE_ACTION.test(text) || HELM_REFERENCE.test(text);
}
