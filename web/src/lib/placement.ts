/** Where a floating list (a menu) goes beside the button that opened it, in viewport pixels. */
export interface Placement {
  top: number;
  left: number;
  /** Set when the list is taller than the room on either side: it scrolls within this height. */
  maxHeight?: number;
  side: 'below' | 'above';
}

export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Keeps a list this far from the screen's edges, so that a finger can still tell it from the edge. */
export const EDGE = 8;
const GAP = 4;

/**
 * Places a `width`×`height` list beside `anchor` inside a `viewport`: on the preferred side, or on
 * the other when only that one has room (a chat at the bottom of the list opens its menu upwards);
 * aligned with the anchor's left edge, or its right edge when that would run off the screen, and
 * clamped to the screen in any case.
 */
export function placeBeside(
  anchor: Rect,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  preferred: 'below' | 'above',
): Placement {
  const room = { below: viewport.height - anchor.bottom - GAP - EDGE, above: anchor.top - GAP - EDGE };
  const other = preferred === 'below' ? 'above' : 'below';
  // Where it does not fit on the preferred side, it goes to the side with more room.
  const side = size.height <= room[preferred] || room[preferred] >= room[other] ? preferred : other;
  const height = Math.max(0, Math.min(size.height, room[side]));
  const top = side === 'below' ? anchor.bottom + GAP : anchor.top - GAP - height;

  const alignedLeft = anchor.left + size.width <= viewport.width - EDGE ? anchor.left : anchor.right - size.width;
  const left = Math.max(EDGE, Math.min(alignedLeft, viewport.width - EDGE - size.width));
  return { top, left, side, ...(height < size.height ? { maxHeight: height } : {}) };
}
