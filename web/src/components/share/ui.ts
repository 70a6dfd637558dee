/** The Share dialog's small text buttons that fold something open: "Choose messages", "Show QR code". */
export const disclosureButton =
  'text-sm font-medium underline decoration-zinc-400 underline-offset-2 hover:decoration-zinc-700 dark:hover:decoration-zinc-200';
