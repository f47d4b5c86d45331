import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { parseFile } from '../../server/src/core/yaml/parseFile';

/**
 * A document the workspace index cannot take in is recorded (WorkspaceIndex.failures), not
 * dropped silently: the cross-object rules never see its objects.
 */
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: ${name}}}\n`;
const DEEP = 'apiVersion: v1\nkind: Service\nmetadata: {name: deep}\nspec: ' + '['.repeat(1000) + ']'.repeat(1000) + '\n';
const TOO_DEEP = 'not indexed: nested more than 256 levels deep';

test('a too deeply nested document is listed in failures, per file and in all; its neighbours are indexed', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', service('one') + '---\n' + DEEP);
  index.setFileText('b.yaml', service('two'));
  assert.deepEqual(index.failures(), [{ file: 'a.yaml', documentIndex: 1, message: TOO_DEEP }]);
  assert.deepEqual(index.failures('b.yaml'), []);
  assert.deepEqual(
    index.objectsInFile('a.yaml').map((o) => o.name),
    ['one'],
  );
  index.setFileText('a.yaml', service('one'));
  assert.deepEqual(index.failures(), [], 'fixed: the failure goes');
});

test('failures follow reused sections of an open file, and go with the file', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', service('one') + '---\n' + DEEP, { keepChunks: true });
  index.setFileText('a.yaml', service('one') + '---\n' + service('zero') + '---\n' + DEEP, { keepChunks: true });
  assert.deepEqual(index.failures('a.yaml'), [{ file: 'a.yaml', documentIndex: 2, message: TOO_DEEP }]);
  index.setFileParsed('c.yaml', parseFile('%YAML 1.2\n---\n' + DEEP));
  assert.deepEqual(index.failures('c.yaml'), [{ file: 'c.yaml', documentIndex: 0, message: TOO_DEEP }]);
  index.removeFile('a.yaml');
  index.removeFile('c.yaml');
  assert.deepEqual(index.failures(), []);
});
