/**
 * Checks two things `npm test` relies on and no compiler sees (docs/architecture.md, Folders):
 * 1. The folders form one stack: a folder imports only folders below it in STACK, so no two
 *    folders import each other, and production code never imports tests or their helpers.
 * 2. What the code cites exists: every sharing rule it names (S1, S12…) is in
 *    docs/sharing-rules.md, every docs/ file it names is in the repository, and nothing cites
 *    documents that are not part of Parley.
 * Prints each problem with the file that has it, and exits 1 if there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Rungs, lowest first: a folder may import those on lower rungs, never one on its own or a higher rung. */
const STACK: readonly (readonly string[])[] = [
  ['common'],
  ['server/lib'],
  ['server/config'],
  ['server/db'],
  ['server/http'],
  ['server/content'],
  ['server/settings'],
  ['server/users'],
  ['server/auth'],
  ['server/files'],
  ['server/llm'],
  ['server/chats'],
  ['server/sharing'],
  ['server/share-page', 'server/tts', 'server/community'],
  ['server/admin'],
  ['server/app'],
  ['server/main'],
];
const rungOf = (unit: string) => STACK.findIndex((rung) => rung.includes(unit));
/** Units outside the server's stack, and the only units each may import. */
const APART: Record<string, readonly string[] | 'anything'> = {
  web: ['common', 'web'],
  e2e: 'anything',
  bench: 'anything',
  scripts: 'anything',
};

const SOURCE = /\.(ts|tsx)$/;
const SCANNED = ['common', 'server', 'web/src', 'e2e', 'bench', 'scripts'];

function filesUnder(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    const child = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(path.join(root, child)).isDirectory() ? filesUnder(child) : SOURCE.test(name) ? [child] : [];
  });
}

/** Tests and what only tests use: they may import anything, and nothing else may import them. */
function isTestSupport(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /\.fixtures\.ts$/.test(file) || file.startsWith('server/test/') || file.includes('/testing/');
}

/** The unit a file belongs to: its folder under server/ (or the file, for server/app.ts and the like), or its top folder. */
function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'server') return parts.length === 2 ? `server/${(parts[1] ?? '').replace(SOURCE, '')}` : `server/${parts[1] ?? ''}`;
  return parts[0] ?? file;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g;

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.join(path.dirname(from), specifier).replace(/\\/g, '/');
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base];
  return candidates.find((c) => existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile()) ?? null;
}

const problems: string[] = [];
const files = SCANNED.flatMap(filesUnder);

for (const file of files) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const unit = unitOf(file);
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier === undefined) continue;
    const target = resolveImport(file, specifier);
    if (target === null) continue;
    const targetUnit = unitOf(target);
    const apart = APART[unit];
    if (isTestSupport(file) || targetUnit === unit || apart === 'anything') continue;
    if (isTestSupport(target)) {
      problems.push(`${file} imports ${target}: production code must not import tests or their helpers`);
      continue;
    }
    if (apart !== undefined) {
      if (!apart.includes(targetUnit)) problems.push(`${file} imports ${target}: ${unit} may import only ${apart.join(', ')}`);
      continue;
    }
    const from = rungOf(unit);
    const to = rungOf(targetUnit);
    if (from === -1) problems.push(`${file}: ${unit} is in no layer of STACK (scripts/check-structure.ts); add it where it belongs`);
    else if (to === -1) problems.push(`${file} imports ${target}: ${targetUnit} is not something ${unit} may import`);
    else if (to >= from) problems.push(`${file} imports ${target}: ${unit} is not above ${targetUnit} in the stack and may not import it`);
  }
}

// Citations: sharing rules by number, and documents by path.
const rulesFile = path.join(root, 'docs/sharing-rules.md');
const rules = new Set(existsSync(rulesFile) ? [...readFileSync(rulesFile, 'utf8').matchAll(/^\*\*(S\d+)\./gm)].map((m) => m[1]) : []);
if (rules.size === 0) problems.push('docs/sharing-rules.md names no rules (paragraphs starting "**S1.")');
const RULE_CITATION = /\brules? (S\d+(?:(?:, | and |–)S\d+)*)/g;
for (const file of files) {
  const text = readFileSync(path.join(root, file), 'utf8');
  for (const match of text.matchAll(RULE_CITATION)) {
    for (const rule of (match[1] ?? '').split(/, | and |–/)) {
      if (!rules.has(rule)) problems.push(`${file} cites rule ${rule}, which docs/sharing-rules.md does not have`);
    }
  }
  for (const match of text.matchAll(/\bdocs\/[\w.-]+\.md\b/g)) {
    if (!existsSync(path.join(root, match[0]))) problems.push(`${file} cites ${match[0]}, which does not exist`);
  }
  if (!isTestSupport(file) && file !== 'scripts/check-structure.ts' && /\b(?:API|DESIGN|STYLE)\.md\b|\.\.\/shared\//.test(text)) {
    problems.push(`${file} cites a document outside the repository (API.md, DESIGN.md, ../shared); cite docs/ instead`);
  }
  for (const match of text.matchAll(/\((S\d+(?:, S\d+)*)\)/g)) {
    for (const rule of (match[1] ?? '').split(', ')) {
      if (!rules.has(rule)) problems.push(`${file} cites ${rule}, which docs/sharing-rules.md does not have`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Structure check: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Structure check: ${files.length} files, the folders form one stack and every citation is in docs/.`);
