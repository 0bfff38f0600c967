// Loading the built core entry into a node:vm realm: the module loader both sandbox scripts use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * A linker for `vm.SourceTextModule`s in `context`: `dnnpipe` is the built core entry, relative
 * imports are its own files, anything else (a Node module, a package) is refused, since a bare
 * realm could not provide it.
 * @param {vm.Context} context - the realm
 * @param {string} root - the package's root directory
 */
export function coreLinker(context, root) {
  const modules = new Map();
  const load = (file) => {
    let module = modules.get(file);
    if (!module) {
      module = new vm.SourceTextModule(readFileSync(file, 'utf8'), { identifier: file, context });
      modules.set(file, module);
    }
    return module;
  };
  return async function link(specifier, referencing) {
    if (specifier === 'dnnpipe') return load(path.join(root, 'dist/index.js'));
    if (!specifier.startsWith('.')) throw new Error(`the core entry imported "${specifier}", which a bare realm cannot provide`);
    return load(path.resolve(path.dirname(referencing.identifier), specifier));
  };
}
