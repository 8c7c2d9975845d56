// Facts about operation names shared by the rules and the hover: their HTTP verb and how a
// message names a group of calls ("Google Chat message writes", "Yida searchFormDatas calls").
import type { ProviderId } from '../model';
import { GOOGLE_CHAT_REST, YIDA_V1, YIDA_V2 } from './methodTables';

const GCHAT_VERBS = new Map(GOOGLE_CHAT_REST.map(([m, verb]) => [m, verb]));
const YIDA_VERBS = new Map([...YIDA_V2, ...YIDA_V1].map(([m, verb]) => [m, verb]));

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  'google-chat': 'Google Chat',
  yida: 'Yida',
  oxylabs: 'Oxylabs',
};

/** "Google Chat spaces.messages.create", "Yida saveFormData"; legacy oapi endpoints are DingTalk's own. */
export function operationLabel(provider: ProviderId, operation: string): string {
  return `${provider === 'yida' && operation.startsWith('oapi:') ? 'DingTalk' : PROVIDER_NAMES[provider]} ${operation}`;
}

export function httpMethodOf(provider: ProviderId, operation: string): string {
  if (provider === 'google-chat') return GCHAT_VERBS.get(operation) ?? 'POST';
  if (provider === 'yida') return YIDA_VERBS.get(operation) ?? 'POST';
  return /status|results|info/.test(operation) ? 'GET' : 'POST';
}

function gchatNoun(operation: string): string {
  const [resource, action] = splitOperation(operation);
  const kind = /^(get|list|download|findDirectMessage|search)$/.test(action) ? 'reads' : 'writes';
  const names: Record<string, string> = {
    'spaces.messages': 'message', 'spaces.members': 'membership', spaces: 'space', 'spaces.messages.reactions': 'reaction',
    'spaces.messages.attachments': 'attachment', media: 'attachment', customEmojis: 'custom emoji', 'users.sections': 'section',
    'users.sections.items': 'section', 'users.availability': 'availability',
  };
  if (operation === 'spaces.messages.search') return 'message searches';
  if (operation === 'media.upload') return 'attachment uploads';
  return `${names[resource] ?? resource} ${kind}`;
}

function splitOperation(operation: string): [string, string] {
  const i = operation.lastIndexOf('.');
  return i < 0 ? ['', operation] : [operation.slice(0, i), operation.slice(i + 1)];
}

/** How a message names calls of this operation counted against a quota. */
export function callsNoun(provider: ProviderId, operation: string, quotaId: string, rendered: boolean): string {
  if (provider === 'google-chat') {
    if (quotaId.startsWith('gchat.space-create')) return 'Google Chat space creations';
    return `Google Chat ${gchatNoun(operation)}`;
  }
  if (provider === 'yida') {
    if (quotaId === 'dingtalk.ip.total') return 'DingTalk API calls';
    if (operation === 'oapi:/robot/send') return 'DingTalk robot messages';
    if (operation.startsWith('oapi:')) return `DingTalk ${operation.slice(5)} calls`;
    return `Yida ${operation} calls`;
  }
  if (quotaId.endsWith('rendered-jobs') || rendered && quotaId.includes('rendered')) return 'rendered Oxylabs jobs';
  return operation === 'proxy-endpoint' ? 'Oxylabs proxy-endpoint jobs' : 'Oxylabs jobs';
}
