/** The documentation holds together: every local link resolves, and docs/api.md lists every path of the API. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name));
  const readmes = ['packages', 'apps']
    .flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name, 'README.md')))
    .filter((path) => existsSync(path));
  return [join(ROOT, 'README.md'), ...docs, ...readmes];
}

/** `[text](target)` and `![alt](target)` outside code spans and fences; external and in-page links left out. */
function localLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));
}

describe('documentation', () => {
  it('links only to files that exist in the repository', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      for (const link of localLinks(readFileSync(file, 'utf8'))) {
        checked += 1;
        const target = resolve(dirname(file), decodeURIComponent(link.split('#')[0] ?? ''));
        const inside = !relative(ROOT, target).startsWith('..');
        if (!inside || !existsSync(target)) broken.push(`${relative(ROOT, file)} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('finds links in prose but not in code', () => {
    expect(localLinks('[a](docs/x.md) `[b](y.md)` [c](https://e.com) [d](#top) ![e](img.png)\n```\n[f](z.md)\n```')).toEqual(['docs/x.md', 'img.png']);
  });

  it('docs/api.md lists every path of the OpenAPI document', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'specs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const api = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const missing = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
        .filter((method) => !api.includes(`| ${method.toUpperCase()} | \`${path}\` |`))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });
});
