import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToUri } from '../../server/src/lsp/uris';
import { FIX_ALL_KIND } from '../../server/src/lsp/commands';
import { applyWorkspaceEdit } from '../lsp/harness';
import { BOTH, inChart, urisOf, withBoth } from '../lsp/helmChart';

/**
 * The fixes of a chart's findings are offsets into the texts the last analysis read. When a
 * file's text has changed since (values.yaml edited on disk before its watcher event, an open
 * template edited within the quiet period), those offsets address other characters: the
 * server must not offer them against the new text (the review of issue #17, item 1).
 */

const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

test('fix-all in a template is not offered when values.yaml changed on disk since the analysis (no watcher event yet)', async () => {
  await inChart(async (c, chart) => {
    const uri = pathToUri(path.join(chart, 'templates/both.yaml'));
    const valuesFile = path.join(chart, 'values.yaml');
    await c.open(uri, BOTH);
    await c.settled();
    // Before the change, fix-all edits values.yaml and the template.
    const before = await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]);
    assert.deepEqual(urisOf(before[0]?.edit), [uri, pathToUri(valuesFile)].sort());

    fs.writeFileSync(valuesFile, `# one\n# two\n${fs.readFileSync(valuesFile, 'utf8')}`);
    const after = await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]);
    assert.deepEqual(after, []);

    // Once the watcher reports it, the analysis reads the new text and fix-all is offered on it.
    await c.fileChanged(pathToUri(valuesFile));
    await c.settled();
    const again = await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]);
    const values = fs.readFileSync(valuesFile, 'utf8');
    assert.equal(
      applyWorkspaceEdit(values, pathToUri(valuesFile), again[0]?.edit),
      values.replace(
        '\nboth:\n  securityContext: {}\n',
        '\nboth:\n  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n',
      ),
    );
  }, withBoth);
});

test('fix-all and quick fixes in an open template edited within the quiet period are not offered on the new text', async () => {
  await inChart(
    async (c, chart) => {
      const uri = pathToUri(path.join(chart, 'templates/both.yaml'));
      await c.open(uri, BOTH);
      await c.settled();
      const d = c.lastDiagnostics(uri).find((x) => x.code === 'pss-host-namespaces')!;
      assert.equal(d.range.start.line, 6);
      // The quiet period (debounce) of this client is long: the analysis still holds version 1.
      await c.sendChange(uri, `# header\n${BOTH}`);
      assert.deepEqual(await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]), []);
      assert.deepEqual(
        (await c.codeActions(uri, d.range, [d])).filter((a) => a.isPreferred),
        [],
      );
      // Back to the text the analysis read: offered again, at the current version.
      await c.sendChange(uri, BOTH);
      const fix = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
      const dc = fix?.edit?.documentChanges?.[0];
      assert.ok(dc && 'textDocument' in dc);
      assert.equal(dc.textDocument.version, c.version(uri));
      assert.equal(applyWorkspaceEdit(BOTH, uri, fix.edit), BOTH.replace('  hostIPC: true\n', '  hostIPC: false\n'));
    },
    withBoth,
    { debounceMs: 60_000 },
  );
});

test('fix-all in a template is not offered when the open values.yaml was edited within the quiet period', async () => {
  await inChart(
    async (c, chart) => {
      const uri = pathToUri(path.join(chart, 'templates/both.yaml'));
      const valuesFile = path.join(chart, 'values.yaml');
      const valuesUri = pathToUri(valuesFile);
      const values = fs.readFileSync(valuesFile, 'utf8');
      await c.open(uri, BOTH);
      await c.open(valuesUri, values);
      await c.settled();
      // No fix was asked for before the edit: the analysis read values.yaml's text all the same.
      await c.sendChange(valuesUri, `# one\n# two\n${values}`);
      assert.deepEqual(await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]), []);
      // Back to the analysed text: offered, on both files.
      await c.sendChange(valuesUri, values);
      assert.deepEqual(urisOf((await c.codeActions(uri, TOP, [], [FIX_ALL_KIND]))[0]?.edit), [uri, valuesUri].sort());
    },
    withBoth,
    { debounceMs: 60_000 },
  );
});
