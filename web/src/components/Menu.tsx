import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { placeBeside } from '../lib/placement';

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  onSelect: () => void;
  danger?: boolean;
}

/**
 * Where the list is first drawn to be measured; it moves beside its button before the browser
 * paints it (a layout effect), so nobody sees it there. Not hidden: a hidden item cannot take focus.
 */
const MEASURING: CSSProperties = { position: 'fixed', top: 0, left: 0 };

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space, a click or a tap opens it, arrow keys move
 * between items, Escape or Tab closes it. The list lives in document.body, fixed to the viewport
 * beside its button: no scrolling sidebar can clip it, move it or draw over it, and it stays on
 * screen (upwards when there is no room below). It follows its button when something scrolls.
 */
export function Menu({
  label,
  children,
  items,
  buttonClassName,
  placement = 'below',
  namedByContent = false,
  onOpenChange,
}: {
  /** Names the menu, and its button unless the button's own text does (`namedByContent`). */
  label: string;
  children: ReactNode;
  items: MenuItem[];
  buttonClassName: string;
  placement?: 'below' | 'above';
  /** The button shows text that names it: no aria-label over it, so what is seen is what is said (WCAG 2.5.3). */
  namedByContent?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const [style, setStyle] = useState<CSSProperties>(MEASURING);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const close = (refocus: boolean) => {
    setOpen(false);
    onOpenChange?.(false);
    if (refocus) buttonRef.current?.focus();
  };

  const openMenu = () => {
    setStyle(MEASURING);
    setOpen(true);
    onOpenChange?.(true);
  };

  // Placed before the first paint, from the list's own size; again whenever the page moves under it.
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const anchor = buttonRef.current?.getBoundingClientRect();
      const list = menuRef.current;
      if (!anchor || !list) return;
      const spot = placeBeside(
        anchor,
        { width: list.offsetWidth, height: list.scrollHeight },
        { width: document.documentElement.clientWidth, height: window.innerHeight },
        placement,
      );
      setStyle({ position: 'fixed', top: spot.top, left: spot.left, maxHeight: spot.maxHeight });
    };
    place();
    // Focus without scrolling: a focused item must not pull the sidebar sideways or the page with it.
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open, placement]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Node)) return;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  });

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = entries.findIndex((entry) => entry === document.activeElement);
    const focusAt = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(entries.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
      case 'Tab':
        close(false);
        break;
      default:
        break;
    }
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={namedByContent ? undefined : label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        className={buttonClassName}
        onClick={() => (open ? close(false) : openMenu())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            openMenu();
          }
        }}
      >
        {children}
      </button>
      {open &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-label={label}
            style={style}
            onKeyDown={onMenuKeyDown}
            className="z-[1000] min-w-48 overflow-y-auto overscroll-contain rounded-xl bg-white p-1 text-sm shadow-lg ring-1 ring-zinc-200 dark:bg-zinc-800 dark:ring-zinc-700"
          >
            {items.map((item) => (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close(false);
                  item.onSelect();
                }}
                className={`flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-left outline-none hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-700 dark:focus:bg-zinc-700 ${
                  item.danger ? 'text-red-600 dark:text-red-400' : ''
                }`}
              >
                {item.icon}
                {item.label}
              </button>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
