// Prints the folders (relative to the repository root) of a package in node_modules and of everything it needs at
// run time (dependencies and optional dependencies, resolved the way Node resolves them), one per line. publish.sh
// copies them into the Azurite image's folder, so the image is built from the repository's installed packages with no
// registry, and without the catalog's 600 MB.
//   node scripts/node-closure.js azurite
const fs = require('fs');
const path = require('path');

const root = process.cwd();
const seen = new Set();

function find(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

function visit(dir) {
  if (seen.has(dir)) return;
  seen.add(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const needs = { ...manifest.dependencies, ...manifest.optionalDependencies };
  for (const name of Object.keys(needs)) {
    const found = find(name, dir);
    if (found) visit(found);
    else if (!(manifest.optionalDependencies && name in manifest.optionalDependencies))
      throw new Error(`${path.relative(root, dir)} needs ${name}, which is not installed: run npm ci`);
  }
}

const top = process.argv[2];
if (!top) throw new Error('usage: node scripts/node-closure.js PACKAGE');
const start = find(top, root);
if (!start) throw new Error(`${top} is not installed in node_modules: run npm ci`);
visit(start);
for (const dir of [...seen].sort()) console.log(path.relative(root, dir));
