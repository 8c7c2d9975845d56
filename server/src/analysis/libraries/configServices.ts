// Settings read through a configuration service: NestJS's ConfigService (`@nestjs/config`,
// injected as `private readonly config: ConfigService`) hands out `config.get('DINGTALK_WEBHOOK')`,
// which is the environment variable of that name, as `process.env.DINGTALK_WEBHOOK` is.
import { modulePath, type Library } from '../library';

export const configServicesLibrary: Library = {
  construct(ctor) {
    return modulePath(ctor, '@nestjs/config')?.join('.') === 'ConfigService' ? { k: 'handle', h: { kind: 'config.service' } } : undefined;
  },
  member(v, name) {
    if (v.k === 'handle' && v.h.kind === 'config.service' && (name === 'get' || name === 'getOrThrow')) return { k: 'handle', h: { kind: 'config.get' } };
    return undefined;
  },
};
