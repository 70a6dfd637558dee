import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Within this many pixels of the end, the reader is at the latest message. */
const AT_END = 2;

/**
 * Keeps a scrolling thread at its latest message: when it opens (once its messages have rendered,
 * which may be a moment after the data arrives), and while a reply grows, unless the reader
 * scrolled up to read something. `following` is false then, for a "Jump to latest" button;
 * `jumpToLatest` scrolls to the end and follows again. `key` is the thread's identity: a new one
 * opens at its end.
 */
export function useFollowLatest(
  scrollerRef: RefObject<HTMLElement | null>,
  contentRef: RefObject<HTMLElement | null>,
  key: string,
): { following: boolean; jumpToLatest: () => void } {
  const [following, setFollowing] = useState(true);
  // Read inside the observers, which must not wait for a render.
  const followingRef = useRef(true);
  const lastTop = useRef(0);

  const follow = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowing(value);
  }, []);

  const toEnd = useCallback(() => {
    const scroller = scrollerRef.current;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [scrollerRef]);

  useLayoutEffect(() => {
    follow(true);
    toEnd();
  }, [key, follow, toEnd]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    // Content that grows (a reply being written, messages rendered late, a code block highlighted)
    // keeps the end in sight while following; so does a smaller window (the phone's keyboard).
    const observer = new ResizeObserver(() => {
      if (followingRef.current) toEnd();
    });
    observer.observe(content);
    observer.observe(scroller);
    // Only the reader scrolls upwards: following stops then, and starts again at the end.
    const onScroll = () => {
      const top = scroller.scrollTop;
      if (scroller.scrollHeight - top - scroller.clientHeight <= AT_END) {
        if (!followingRef.current) follow(true);
      } else if (top < lastTop.current && followingRef.current) follow(false);
      lastTop.current = top;
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [scrollerRef, contentRef, key, follow, toEnd]);

  const jumpToLatest = useCallback(() => {
    follow(true);
    toEnd();
  }, [follow, toEnd]);

  return { following, jumpToLatest };
}
