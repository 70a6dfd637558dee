import { describe, expect, it } from 'vitest';
import { balanceBidi, isolateBidi, stripBidi } from './bidi.js';

const FSI = '\u2068';
const PDI = '\u2069';

describe('isolateBidi', () => {
  it('wraps text that could reorder its surroundings in FSI … PDI', () => {
    expect(isolateBidi('مرحبا 2')).toBe(`${FSI}مرحبا 2${PDI}`);
    expect(isolateBidi('שלום')).toBe(`${FSI}שלום${PDI}`);
    expect(isolateBidi('a\u200Fb')).toBe(`${FSI}a\u200Fb${PDI}`);
  });

  it('leaves text with no control and no right-to-left letter as it is', () => {
    expect(isolateBidi('Trip plans 👩‍💻 Ünïcödé')).toBe('Trip plans 👩‍💻 Ünïcödé');
  });

  it('leaves empty text empty', () => {
    expect(isolateBidi('')).toBe('');
    expect(isolateBidi('\u202E')).toBe('');
    expect(isolateBidi('\u202E\u202C')).toBe(`${FSI}\u202E\u202C${PDI}`);
  });

  it('drops an override never closed, so "\\u202Egnp.exe" cannot read as exe.png', () => {
    expect(isolateBidi('\u202Egnp.exe')).toBe(`${FSI}gnp.exe${PDI}`);
  });

  it('drops a PDI that would close the wrapping isolate early', () => {
    expect(isolateBidi(`a${PDI}\u202Eb`)).toBe(`${FSI}ab${PDI}`);
  });

  it('drops every kind of unpaired control', () => {
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(isolateBidi(`x${control}y`)).toBe(`${FSI}xy${PDI}`);
    }
  });

  it('keeps marks and balanced pairs', () => {
    expect(isolateBidi('a\u200Eb\u200Fc\u061Cd')).toBe(`${FSI}a\u200Eb\u200Fc\u061Cd${PDI}`);
    expect(isolateBidi('a\u202Bb\u202Cc')).toBe(`${FSI}a\u202Bb\u202Cc${PDI}`);
    expect(isolateBidi(`a\u2067b${PDI}c`)).toBe(`${FSI}a\u2067b${PDI}c${PDI}`);
  });
});

describe('balanceBidi', () => {
  it('pairs as UAX #9 does', () => {
    // A PDF cannot close an embedding outside the isolate it is in.
    expect(balanceBidi(`\u202Ba\u2066b\u202C${PDI}\u202C`)).toBe(`\u202Ba\u2066b${PDI}\u202C`);
    // A PDI closes its isolate; an embedding left open inside it was unpaired.
    expect(balanceBidi(`\u2066a\u202Eb${PDI}`)).toBe(`\u2066ab${PDI}`);
    expect(balanceBidi(`\u202E\u202Ea\u202C`)).toBe('\u202Ea\u202C');
  });

  it('keeps lone surrogates and emoji as they are', () => {
    expect(balanceBidi('👩‍💻 \uD800 x')).toBe('👩‍💻 \uD800 x');
  });
});

describe('stripBidi', () => {
  it('removes every bidi control from a file name', () => {
    expect(stripBidi('photo\u202Egnp.exe')).toBe('photognp.exe');
    expect(stripBidi('\u2066a\u2069\u200E\u200F\u061Cb.txt')).toBe('ab.txt');
  });
});
