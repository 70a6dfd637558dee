import { describe, expect, it } from 'vitest';
import { EDGE, placeBeside } from './placement';

const phone = { width: 390, height: 844 };
const menu = { width: 192, height: 200 };
const button = (top: number, left = 300) => ({ top, bottom: top + 28, left, right: left + 28 });

describe('placeBeside', () => {
  it('opens below its button, aligned with its right edge when the left one would run off the screen', () => {
    expect(placeBeside(button(100), menu, phone, 'below')).toEqual({ top: 132, left: 136, side: 'below' });
    expect(placeBeside(button(100, 20), menu, phone, 'below')).toEqual({ top: 132, left: 20, side: 'below' });
  });

  it('flips above when there is no room below, and below when there is none above', () => {
    expect(placeBeside(button(780), menu, phone, 'below')).toEqual({ top: 576, left: 136, side: 'above' });
    expect(placeBeside(button(20), menu, phone, 'above')).toEqual({ top: 52, left: 136, side: 'below' });
  });

  it('stays inside the screen, scrolling in the larger room when it fits on neither side', () => {
    const spot = placeBeside(button(300, -50), { width: 192, height: 600 }, phone, 'below');
    expect(spot.left).toBe(EDGE);
    expect(spot.side).toBe('below');
    expect(spot.top + (spot.maxHeight ?? 0)).toBe(phone.height - EDGE);
  });
});
