// React's hooks keep functions rather than run them: `const send = useCallback(async () => {…}, deps)`
// is the arrow itself, called wherever the component calls `send()`; the hook call runs nothing.
// (`useEffect` runs its callback after each render, as an inline call would: nothing to model.)
import { modulePath, type Library } from '../library';
import type { Val } from '../values';

const REACT_MODULES = ['react', 'preact/hooks', 'preact/compat'];

/** `useCallback(fn, deps)` from React or Preact (also `React.useCallback`). */
export function isUseCallback(callee: Val): boolean {
  return modulePath(callee, ...REACT_MODULES)?.join('.') === 'useCallback';
}

export const reactLibrary: Library = {
  call(callee, args) {
    return isUseCallback(callee) && args[0] ? args[0] : undefined;
  },
};
