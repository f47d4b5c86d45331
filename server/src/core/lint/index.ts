/**
 * The findings pipeline: what the CLI and the editor call to get FINAL findings, so neither
 * holds suppression, exemption or levelling logic (ESLint's `Linter#verify` ending in
 * `applyDisableDirectives` is the model).
 *
 *   const { findings, notAnalyzed } = lintFile(text, { options, strict, exemptions, rules }, cache);
 *   const { byFile } = lintWorkspace(index, (file) => ({ rules, strict, exemptions }));
 *
 * `notAnalyzed` lists the file or documents whose findings are incomplete (skipped whole,
 * a rule threw, the time budget ran out): front ends report them and never say "clean".
 */
export { lintAnalysis, lintFile, type ExemptionScope, type FileLint, type FileScope } from './lintFile';
export { lintWorkspace, type WorkspaceFileScope } from './lintWorkspace';
export { RULE_FAILED, type NotAnalyzed } from './notAnalyzed';
