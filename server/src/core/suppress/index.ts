/**
 * Inline suppressions: comment directives and annotations (ours, kube-linter's and
 * Polaris'), applied as a pure function of an analysis, plus the text edits behind the
 * "Disable for this line" / "Suppress for this object" code actions.
 *
 *   const { kept, suppressed, unused } = applySuppressions(analysis, { disableInlineSuppressions: strict });
 *   const edit = ignoreLineEdit(text, finding, analysis);          // TextEdit | undefined
 *   const edits = ignoreFindingObjectEdit(analysis, finding);      // TextEdit[] | undefined
 */
export { applySuppressions, type SuppressOptions } from './apply';
export { ignoreFindingObjectEdit, ignoreLineEdit, ignoreObjectEdit } from './edits';
export { UNUSED_SUPPRESSION } from './unusedRule';
