import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** Blank modules around the code: readers need four (ISO/IEC 18004). */
const QUIET_ZONE = 4;

/**
 * The link as a QR code, for a phone across the room: drawn here from qrcode-generator's
 * modules, so nothing is asked of any server. Dark on white in both themes, as readers need.
 */
export default function QrCode({ value }: { value: string }) {
  const { size, path } = useMemo(() => {
    // M: a quarter of the code may be lost to a smudge or a glare and it still reads.
    const qr = qrcode(0, 'M');
    qr.addData(value);
    qr.make();
    const count = qr.getModuleCount();
    const cells: string[] = [];
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (qr.isDark(row, col)) cells.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
      }
    }
    return { size: count + 2 * QUIET_ZONE, path: cells.join('') };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label="QR code of the link"
      viewBox={`0 0 ${size} ${size}`}
      width={192}
      height={192}
      shapeRendering="crispEdges"
      className="rounded-lg"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" data-qr-modules />
    </svg>
  );
}
