// ESLint rule `layers/imports`: keeps the arrows between folders pointing one way.
//   shared/         imports nothing of ours but shared/, no Node built-in, no electron, no React
//   renderer/       imports renderer/ and shared/ only; no Node built-in, no electron
//   electron/core/  imports core and shared/; never electron, never the renderer
//   electron/cli/, electron/server/   like core, plus core itself
//   electron/main/, electron/preload  may use electron, core, server and shared; never the renderer
// Written here rather than taken from a plugin because the rule is about our folders, and
// resolving each import to a folder is twenty lines (VS Code keeps its own code-layering rule too).
import path from 'node:path';
import { builtinModules } from 'node:module';

const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Which layer a file (absolute path) belongs to, from the project root. */
function layerOf(root, file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/core/')) return 'core';
  if (rel.startsWith('electron/cli/') || rel.startsWith('electron/server/')) return 'node-app';
  if (rel.startsWith('electron/main/') || rel === 'electron/preload.ts') return 'electron-main';
  return null;
}

function isTest(file) {
  return /\.(test|testkit)\.tsx?$/.test(file);
}

const ALLOWED = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  core: ['core', 'shared'],
  'node-app': ['node-app', 'core', 'shared'],
  'electron-main': ['electron-main', 'node-app', 'core', 'shared'],
};

function packageProblem(layer, source) {
  const isNode = NODE.has(source) || source.startsWith('node:');
  if (source === 'electron' || source.startsWith('electron/')) {
    return layer === 'electron-main' ? null : `${layer} must not import electron (only electron/main and the preload may)`;
  }
  if (isNode && (layer === 'shared' || layer === 'renderer')) return `${layer} must not import the Node built-in "${source}"`;
  if (layer === 'shared' && /^(react|react-dom|i18next|react-i18next)(\/|$)/.test(source)) return `shared must not import "${source}" (UI code belongs in renderer/)`;
  return null;
}

export default {
  rules: {
    imports: {
      meta: { type: 'problem', docs: { description: 'keep layer imports pointing one way' }, schema: [] },
      create(context) {
        const root = context.cwd;
        const file = context.filename;
        const layer = layerOf(root, file);
        if (!layer) return {};
        const check = (node, source) => {
          if (typeof source !== 'string') return;
          let problem;
          if (source.startsWith('.')) {
            const resolved = path.resolve(path.dirname(file), source);
            // The package manifest (for the version) is readable from Node-side layers.
            if (resolved === path.join(root, 'package.json') && layer !== 'shared' && layer !== 'renderer') return;
            // Tests beside the code may use the shared test helpers.
            if (isTest(file) && path.relative(root, resolved).startsWith('test' + path.sep)) return;
            const target = layerOf(root, resolved);
            if (target === null) problem = `${layer} imports "${source}", outside the application's layers`;
            else if (!ALLOWED[layer].includes(target)) problem = `${layer} must not import ${target} ("${source}")`;
          } else {
            problem = packageProblem(layer, source);
          }
          if (problem) context.report({ node, message: problem });
        };
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        };
      },
    },
  },
};
