// The VS Code manifest's configuration section, derived from the settings table.
import { DEFAULT_SETTINGS, RULE_IDS, SEVERITY_OVERRIDES, SETTING_DECLARATIONS } from './settings';

export function configurationContribution(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const d of SETTING_DECLARATIONS) {
    if (!d.vscodeKey) continue;
    const base = { markdownDescription: `${d.description}${d.affects.includes('all') ? '' : `\n\nAffects: ${d.affects.map((r) => `\`${r}\``).join(', ')}.`}`, scope: 'resource' };
    const def = DEFAULT_SETTINGS[d.key];
    switch (d.kind.type) {
      case 'boolean': properties[`quotaLint.${d.vscodeKey}`] = { ...base, type: 'boolean', default: def }; break;
      case 'number': properties[`quotaLint.${d.vscodeKey}`] = { ...base, type: 'number', default: def, minimum: d.kind.minimum, maximum: d.kind.maximum }; break;
      case 'enum': properties[`quotaLint.${d.vscodeKey}`] = { ...base, type: 'string', enum: [...d.kind.values], default: def }; break;
      case 'ruleMap': {
        const ruleProps: Record<string, unknown> = {};
        for (const id of RULE_IDS) ruleProps[id] = { type: 'string', enum: [...SEVERITY_OVERRIDES] };
        properties[`quotaLint.${d.vscodeKey}`] = { ...base, type: 'object', default: {}, properties: ruleProps, additionalProperties: false };
        break;
      }
      case 'array': break;
    }
  }
  properties['quotaLint.trace.server'] = {
    type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off', scope: 'window',
    markdownDescription: 'Traces the communication between VS Code and the Quota Lint language server (Output > Quota Lint).',
  };
  return { title: 'Quota Lint', properties };
}

/** JSON schema of quota-lint.json, contributed to VS Code through jsonValidation. */
export function projectConfigSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = { $schema: { type: 'string' } };
  for (const d of SETTING_DECLARATIONS) {
    const description = d.description;
    switch (d.kind.type) {
      case 'boolean': properties[d.key] = { type: 'boolean', description }; break;
      case 'number': properties[d.key] = { type: 'number', minimum: d.kind.minimum, maximum: d.kind.maximum, description }; break;
      case 'enum': properties[d.key] = { enum: [...d.kind.values], description }; break;
      case 'ruleMap': {
        const ruleProps: Record<string, unknown> = {};
        for (const id of RULE_IDS) ruleProps[id] = { enum: [...SEVERITY_OVERRIDES] };
        properties[d.key] = { type: 'object', properties: ruleProps, additionalProperties: false, description };
        break;
      }
      case 'array':
        if (d.key === 'quotas') {
          properties[d.key] = { type: 'array', description, items: {
            type: 'object', required: ['id', 'provider', 'operations', 'limit', 'windowSeconds'], additionalProperties: false,
            properties: {
              id: { type: 'string', description: 'A new id, or the id of a built-in quota to override it.' },
              provider: { enum: ['yida', 'google-chat', 'oxylabs'] },
              operations: { type: 'array', items: { type: 'string' }, description: 'Operation names ("spaces.messages.create", "searchFormDatas"); "*" for all.' },
              limit: { type: 'number', exclusiveMinimum: 0 },
              windowSeconds: { type: 'number', exclusiveMinimum: 0 },
              scope: { type: 'string' }, description: { type: 'string' }, source: { type: 'string' },
            },
          } };
        } else if (d.key === 'wrappers') {
          properties[d.key] = { type: 'array', description, items: {
            type: 'object', required: ['name'], additionalProperties: false,
            properties: {
              name: { type: 'string', description: 'Function or method name, e.g. "sendChatMessage" or "ChatService.send".' },
              file: { type: 'string', description: 'Only in files whose path ends with this.' },
              calls: { type: 'string', pattern: '^(yida|google-chat|oxylabs):\\S+$', description: 'The API operation it calls, e.g. "google-chat:spaces.messages.create".' },
              retries: { type: 'boolean', description: 'It retries throttling errors with backoff.' },
              paces: { type: 'boolean', description: 'It paces its calls (a limiter or a delay inside).' },
            },
          } };
        } else {
          properties[d.key] = { type: 'array', items: { type: 'string' }, description };
        }
        break;
    }
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Quota Lint configuration', type: 'object', additionalProperties: false, properties };
}
