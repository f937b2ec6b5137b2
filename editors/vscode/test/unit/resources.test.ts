import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { iconFor, ResourceNode, resourceNodes, showReferencesArgs, treeItemSpec } from '../../src/resources';

const range = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });

// Nodes as lsp/resources.go returns them.
const group: ResourceNode = { id: 'group:benchmark:0', kind: 'group', name: 'benchmark', title: 'Benchmarks', mod: 'acme', uri: 'file:///w/acme', range: range(0, 0, 0, 0), children: 3 };
const control: ResourceNode = { id: 'file:///w/acme/c.pp#120', kind: 'control', name: 'control.bucket_encrypted', title: 'Buckets are encrypted', mod: 'acme', uri: 'file:///w/acme/c.pp', range: range(4, 9, 4, 27), children: 0 };
const untitled: ResourceNode = { id: 'file:///w/acme/d.pp#0', kind: 'dashboard', name: 'dashboard.overview', mod: 'acme', uri: 'file:///w/acme/d.pp', range: range(0, 11, 0, 19), children: 2 };

describe('treeItemSpec', () => {
  it('shows a group by its title, with the mod, collapsible and opening nothing', () => {
    const s = treeItemSpec(group);
    assert.equal(s.label, 'Benchmarks');
    assert.equal(s.description, 'acme');
    assert.equal(s.collapsible, true);
    assert.equal(s.open, undefined);
    assert.equal(s.icon, 'folder-library');
    assert.equal(s.id, 'group:benchmark:0');
  });

  it('shows a resource by its title, its kind as description, and opens its name', () => {
    const s = treeItemSpec(control);
    assert.equal(s.label, 'Buckets are encrypted');
    assert.equal(s.description, 'control');
    assert.equal(s.collapsible, false);
    assert.deepEqual(s.open, { uri: 'file:///w/acme/c.pp', range: range(4, 9, 4, 27) });
    assert.match(s.tooltip, /control control\.bucket_encrypted/);
    assert.equal(s.contextValue, 'modls.control');
  });

  it('falls back to the name when there is no title', () => {
    const s = treeItemSpec(untitled);
    assert.equal(s.label, 'dashboard.overview');
    assert.equal(s.collapsible, true);
    assert.equal(treeItemSpec({ ...untitled, title: '' }).label, 'dashboard.overview');
  });

  it('has an icon for every kind, and a generic one for others', () => {
    assert.equal(iconFor('benchmark'), 'checklist');
    assert.equal(iconFor('something-new'), 'symbol-misc');
  });
});

describe('resourceNodes', () => {
  it('keeps well-formed nodes and drops the rest', () => {
    assert.deepEqual(resourceNodes([group, { id: 'x' }, null, 3, control]), [group, control]);
    assert.deepEqual(resourceNodes(null), []);
    assert.deepEqual(resourceNodes({ id: 'x' }), []);
  });
});

describe('showReferencesArgs', () => {
  it('accepts [uri, position, locations] as code lenses send them', () => {
    const loc = { uri: 'file:///w/acme/b.pp', range: range(2, 4, 2, 27) };
    assert.deepEqual(showReferencesArgs(['file:///w/acme/c.pp', { line: 4, character: 9 }, [loc]]), {
      uri: 'file:///w/acme/c.pp',
      position: { line: 4, character: 9 },
      locations: [loc],
    });
    assert.deepEqual(showReferencesArgs(['file:///w/acme/c.pp', { line: 4, character: 9 }, []])?.locations, []);
  });

  it('rejects anything else', () => {
    assert.equal(showReferencesArgs([]), undefined);
    assert.equal(showReferencesArgs(['file:///a', { line: 1 }, []]), undefined);
    assert.equal(showReferencesArgs(['file:///a', { line: 1, character: 0 }, [{ uri: 'file:///b' }]]), undefined);
    assert.equal(showReferencesArgs([1, { line: 1, character: 0 }, []]), undefined);
  });
});
