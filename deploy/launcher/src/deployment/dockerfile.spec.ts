import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveServices } from '../services';
import { contextSources, parseDockerfile, type Stage } from './dockerfile';
import { REPO_ROOT } from './manifests';

/** deploy/docker/Dockerfile, checked statically (no Docker engine here): what the manifests run. */
describe('deploy/docker/Dockerfile', () => {
  const read = (...parts: string[]) => readFileSync(path.join(REPO_ROOT, ...parts), 'utf8');
  const { stages } = parseDockerfile(read('deploy', 'docker', 'Dockerfile'));
  const stage = (name: string) => stages.find((s) => s.name === name) as Stage;
  const runtime = stages[stages.length - 1];
  const all = (s: Stage, keyword: string) =>
    s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('has a build stage, a production-dependencies stage, a font stage and a runtime stage on the same base', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'fonts', null]);
    expect(new Set(stages.map((s) => s.from))).toEqual(new Set(['${NODE_IMAGE}']));
  });

  it("installs only the service's production dependencies, and nothing in the runtime stage", () => {
    const install = all(stage('prod-deps'), 'RUN').join(' ');
    expect(install).toMatch(/npm ci .*--omit=dev/);
    expect(install).toContain('--workspace services/${SERVICE}');
    expect(all(runtime, 'RUN')).toEqual([]);
    const copies = all(runtime, 'COPY');
    expect(copies.filter((c) => c.includes('--from=build') && c.includes('node_modules'))).toEqual([]);
    expect(copies).toContainEqual(expect.stringMatching(/^--from=prod-deps .*\/app \.\/$/));
  });

  it('carries the CJK font the documents embed, where libs/documents looks for it by default', () => {
    expect(all(stage('fonts'), 'RUN').join(' ')).toMatch(/apt-get install .*fonts-wqy-zenhei/);
    // The first of libs/documents' CJK_FONT_CANDIDATES (src/cjk-font.ts).
    const font = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
    expect(read('libs', 'documents', 'src', 'cjk-font.ts')).toContain(`{ path: '${font}'`);
    expect(all(runtime, 'COPY')).toContainEqual(`--from=fonts ${path.dirname(font)} ${path.dirname(font)}`);
  });

  it('runs as the non-root node user (uid 1000, as deploy/k8s expects) with a health check on /health/live', () => {
    const users = all(runtime, 'USER');
    expect(users).toEqual(['node']);
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    expect(all(runtime, 'HEALTHCHECK')).toEqual([expect.stringMatching(/CMD node -e .*\/health\/live/)]);
  });

  it.each(resolveServices({}).map((s) => [s.name, s.entry] as const))(
    'runs %s from the entry point `npm start` runs, which its build produces',
    (name, entry) => {
      const [cmd] = all(runtime, 'CMD');
      const script = (JSON.parse(cmd) as string[]).join(' ');
      expect(script.replace('${SERVICE}', name)).toContain(`node ${entry}`);
      expect(all(stage('build'), 'RUN').join(' ')).toContain('tsc -b services/${SERVICE}');
      const tsconfig = JSON.parse(read('services', name, 'tsconfig.json'));
      expect(tsconfig.compilerOptions).toMatchObject({ rootDir: '.', outDir: 'dist' });
      expect(existsSync(path.join(REPO_ROOT, entry.replace(/^(.*)dist\/(.*)\.js$/, '$1$2.ts')))).toBe(true);
    },
  );

  it('copies what exists, and every npm workspace, into the stages that run npm ci', () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    for (const s of [stage('build'), stage('prod-deps')]) {
      const sources = contextSources(s);
      for (const source of sources)
        expect([source, existsSync(path.join(REPO_ROOT, source))]).toEqual([source, true]);
      for (const workspace of workspaces) {
        const dir = workspace.replace(/\/\*$/, '');
        const copied = sources.some(
          (src) => src === dir || dir.startsWith(`${src}/`) || src === `${dir}/package.json`,
        );
        expect([workspace, copied]).toEqual([workspace, true]);
      }
    }
  });

  it("builds ops-console's workstation (Vite) and copies the built app into the runtime image", () => {
    expect(all(stage('build'), 'RUN').join(' ')).toContain(
      'node services/ops-console/web/scripts/build-if-changed.mjs --force',
    );
    expect(all(runtime, 'COPY')).toContainEqual(
      expect.stringMatching(
        /^--from=build .*\/app\/services\/\$\{SERVICE\}\/web\/dist services\/\$\{SERVICE\}\/web\/dist$/,
      ),
    );
  });

  it('.dockerignore keeps host dependencies and builds out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist']));
  });
});
