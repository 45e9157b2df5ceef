import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { PatternSyntaxError, SecmonError } from '../../src/errors.js';

describe('error names', () => {
  it('survive minification: names are literals, not class names', async () => {
    const bundled = await build({
      stdin: { contents: "export { SecmonError, PatternSyntaxError } from './src/errors.ts';", resolveDir: new URL('../..', import.meta.url).pathname, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
    });
    const minified = (await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0]!.text)}`)) as {
      SecmonError: typeof SecmonError;
      PatternSyntaxError: typeof PatternSyntaxError;
    };
    expect(new minified.SecmonError('USAGE', 'x').name).toBe('SecmonError');
    expect(new minified.PatternSyntaxError('filter', 'x').name).toBe('PatternSyntaxError');
  });
});
