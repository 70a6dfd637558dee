import { describe, expect, it } from 'vitest';
import { descendantsOf, latestLeafFrom, siblingsOf, threadTo } from './tree.js';

// a ─ b ─ c
//   └ b2 ─ c2
//        └ c3
const tree = [
  { id: 'a', parentId: null },
  { id: 'b', parentId: 'a' },
  { id: 'c', parentId: 'b' },
  { id: 'b2', parentId: 'a' },
  { id: 'c2', parentId: 'b2' },
  { id: 'c3', parentId: 'b2' },
];
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe('message tree', () => {
  it('gives the thread from the root to a leaf', () => {
    expect(ids(threadTo(tree, 'c3'))).toEqual(['a', 'b2', 'c3']);
    expect(ids(threadTo(tree, 'c'))).toEqual(['a', 'b', 'c']);
    expect(threadTo(tree, 'missing')).toEqual([]);
    expect(threadTo(tree, null)).toEqual([]);
  });

  it('gives siblings in order, including the message itself', () => {
    expect(ids(siblingsOf(tree, 'b2'))).toEqual(['b', 'b2']);
    expect(ids(siblingsOf(tree, 'c'))).toEqual(['c']);
    expect(ids(siblingsOf(tree, 'a'))).toEqual(['a']);
  });

  it('gives descendants', () => {
    expect(ids(descendantsOf(tree, 'b2')).sort()).toEqual(['c2', 'c3']);
    expect(ids(descendantsOf(tree, 'a')).sort()).toEqual(['b', 'b2', 'c', 'c2', 'c3']);
    expect(descendantsOf(tree, 'c')).toEqual([]);
  });

  it('follows the newest child down to a leaf', () => {
    expect(latestLeafFrom(tree, 'a')).toBe('c3');
    expect(latestLeafFrom(tree, 'b')).toBe('c');
  });

  it('survives a cycle in corrupt data', () => {
    const cyclic = [
      { id: 'x', parentId: 'y' },
      { id: 'y', parentId: 'x' },
    ];
    expect(ids(threadTo(cyclic, 'x'))).toEqual(['y', 'x']);
    expect(ids(descendantsOf(cyclic, 'x'))).toEqual(['y']);
    expect(latestLeafFrom(cyclic, 'x')).toBe('y');
  });
});
