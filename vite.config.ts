import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // No inline scripts or styles: the CSP allows only our own files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The Markdown renderer loads beside the app (web/src/lib/markdown.ts); KaTeX, half its weight,
    // in a chunk of its own, so that no file is over the 500 kB Vite warns about.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'katex', test: /node_modules[\\/]katex[\\/]/ }] } } },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/s/': 'http://localhost:8080' } },
});
