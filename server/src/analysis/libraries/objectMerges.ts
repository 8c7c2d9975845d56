// Options merged with defaults: `deepmerge(defaults, config)`, `Object.assign({}, defaults, options)`,
// lodash `merge`/`assign`/`defaults`. SDK-style clients keep their endpoints in such defaults
// (`baseUrl: 'https://oapi.dingtalk.com'`), so the merged object must keep them.
import { modulePath, type Library } from '../library';
import { mergeObjects, type Val } from '../values';

const LODASH = ['lodash', 'lodash-es', 'underscore'];

export const objectMergesLibrary: Library = {
  call(callee, args) {
    if (callee.k === 'module' && callee.name === 'global' && callee.path.join('.') === 'Object.assign') return mergeObjects(args);
    const dm = modulePath(callee, 'deepmerge', '@fastify/deepmerge', 'lodash.merge', 'merge-deep', 'deep-extend', 'extend');
    // jQuery-style `extend(true, target, source)` takes a deep flag first.
    if (dm?.length === 0) return mergeObjects(args.filter((a) => a.k !== 'bool'));
    if (dm?.join('.') === 'all' && args[0]?.k === 'arr') return mergeObjects(args[0].items);
    const lodash = modulePath(callee, ...LODASH)?.join('.');
    if (lodash === 'merge' || lodash === 'assign' || lodash === 'extend' || lodash === 'assignIn') return mergeObjects(args);
    // `_.defaults(options, DEFAULTS)`: the first source that has a key wins.
    if (lodash === 'defaults' || lodash === 'defaultsDeep') return mergeObjects([...args].reverse() as Val[]);
    return undefined;
  },
};
