import { gzipSync } from 'node:zlib';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/** The liaison opens the app on a phone at the roadside: its page may load this much gzipped JS. */
export const LIAISON_BUDGET_BYTES = 250 * 1024;

export interface RouteSize {
  route: string;
  files: string[];
  gzipBytes: number;
}

/** Every chunk a page needs: the entry, the page's own chunk and everything they import statically. */
function closure(bundle: OutputBundle, start: string[], seen = new Set<string>()): Set<string> {
  for (const name of start) {
    if (seen.has(name)) continue;
    const chunk = bundle[name];
    if (!chunk || chunk.type !== 'chunk') continue;
    seen.add(name);
    closure(bundle, chunk.imports, seen);
  }
  return seen;
}

/** `src/views/liaison/LiaisonInbox.vue` → `liaison/LiaisonInbox` */
function routeName(chunk: OutputChunk): string | null {
  const match = /src\/views\/(.+)\.vue$/.exec(chunk.facadeModuleId ?? '');
  return match ? match[1] : null;
}

export function routeSizes(bundle: OutputBundle): RouteSize[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) return [];
  const gzip = new Map(chunks.map((c) => [c.fileName, gzipSync(c.code, { level: 9 }).length]));
  return chunks
    .filter((c) => c.isDynamicEntry && routeName(c))
    .map((c) => {
      const files = [...closure(bundle, [entry.fileName, c.fileName])].sort();
      return {
        route: routeName(c)!,
        files,
        gzipBytes: files.reduce((sum, f) => sum + (gzip.get(f) ?? 0), 0),
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

/**
 * Reports the JavaScript each page loads, gzipped, writes it to dist/route-sizes.json and fails
 * the build when the liaison's page is over its budget.
 */
export function routeBudget(): Plugin {
  return {
    name: 'chuishao-route-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sizes = routeSizes(bundle);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      this.info(
        `JavaScript per page, gzipped:\n${sizes.map((s) => `  ${s.route.padEnd(28)} ${kb(s.gzipBytes)}`).join('\n')}`,
      );
      const liaison = sizes.find((s) => s.route.startsWith('liaison/'));
      if (liaison && liaison.gzipBytes > LIAISON_BUDGET_BYTES)
        this.error(
          `the liaison page loads ${kb(liaison.gzipBytes)} gzipped, over ${kb(LIAISON_BUDGET_BYTES)}`,
        );
      this.emitFile({ type: 'asset', fileName: 'route-sizes.json', source: JSON.stringify(sizes, null, 2) });
    },
  };
}
