// plotly.js's own bundling settings (its esbuild-config.js), minus the WebGL shader plugin that none
// of these traces needs. Output: dist/plotly-atlas.min.js (a build output: `make` builds it, git
// ignores it).
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const version = require('plotly.js/package.json').version;

esbuild.build({
    entryPoints: ['entry.js'],
    outfile: 'dist/plotly-atlas.min.js',
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    banner: { js: `/* plotly.js v${version}, partial: scatter, bar, choroplethmap, scattermap. MIT licence, (c) Plotly, Inc. */` },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
}).catch(() => process.exit(1));
