// Every library the binder consults, in order. Providers come first: their handles are the
// most specific.
import type { Library } from '../library';
import { googleChatLibrary } from '../../providers/googleChat';
import { yidaLibrary } from '../../providers/yida';
import { oxylabsLibrary } from '../../providers/oxylabs';
import { dingtalkPackagesLibrary } from '../../providers/dingtalkPackages';
import { httpLibrary } from '../../providers/http';
import { limitersLibrary } from './limiters';
import { retriesLibrary } from './retries';
import { schedulersLibrary } from './schedulers';
import { timersLibrary } from './timers';
import { nodeUrlsLibrary } from './nodeUrls';
import { objectMergesLibrary } from './objectMerges';
import { configServicesLibrary } from './configServices';
import { reactLibrary } from './react';

export const LIBRARIES: readonly Library[] = [
  googleChatLibrary, yidaLibrary, dingtalkPackagesLibrary, oxylabsLibrary, httpLibrary, limitersLibrary, retriesLibrary, schedulersLibrary, timersLibrary, nodeUrlsLibrary, objectMergesLibrary, configServicesLibrary, reactLibrary,
];
