// Hover text for a recognised call site: provider, operation, HTTP verb, every quota that
// covers it (with its source), and whether the client already retries throttling errors.
import type { Settings } from './config/settings';
import { providerCatalog, quotasCovering, traitsOf, type Catalog } from './catalog';
import type { CallSiteFact } from './analysis/fileModel';
import { PROVIDER_NAMES } from './providers/operations';

function per(seconds: number): string {
  return seconds === 1 ? '/s' : seconds === 60 ? '/min' : seconds === 3600 ? '/hour' : seconds === 2592000 ? '/month' : ` per ${seconds} s`;
}

export function hoverMarkdown(site: CallSiteFact, catalog: Catalog, settings: Settings): string {
  const name = PROVIDER_NAMES[site.provider];
  const lines: string[] = [];
  const via = site.viaWrapper ? ` via \`${site.viaWrapper}()\`` : '';
  lines.push(`**Quota Lint** · ${name} \`${site.operation}\` · ${site.httpMethod} · ${site.via}${via}`);
  if (site.generic) {
    lines.push('', `A ${name} request whose operation depends on the caller; the callers that pass a known URL are checked individually.`);
    return lines.join('\n');
  }
  const quotas = quotasCovering(catalog, settings, site.provider, site.operation, traitsOf(site.op));
  if (quotas.length) {
    lines.push('', '| quota | limit | scope | source |', '|---|---|---|---|');
    for (const q of quotas) {
      const limit = q.limit === null ? 'unpublished' : `${q.limit}${q.unit ? ` ${q.unit}` : ''}${per(q.windowSeconds)}`;
      const checked = q.evaluate && q.limit !== null ? '' : ' (not checked)';
      lines.push(`| ${q.description}${checked} | ${limit} | ${q.scope} | [${q.verification.split(' ')[0]}](${q.source}) |`);
    }
  } else {
    lines.push('', 'No published quota covers this operation.');
  }
  const retry = site.op?.clientRetry;
  const cat = providerCatalog(catalog, site.provider);
  lines.push('');
  if (retry) {
    const verdict = retry.coversThrottling ? (retry.weakness ? 'retries throttling errors, but weakly' : 'retries throttling errors') : 'does **not** retry throttling errors';
    lines.push(`**Client retry:** ${retry.source} ${verdict}${retry.weakness ? ` — ${retry.weakness}` : ''}.`);
  } else {
    lines.push('**Client retry:** none known for this client.');
  }
  lines.push('', `**Recommended backoff:** ${cat.recommendedBackoff.advice}.`);
  if (site.op?.rendered) lines.push('', 'This job sets `render`, so it also counts against the rendered-jobs limit.');
  if (site.op?.jobsPerCall) lines.push('', `This batch submits ${site.op.jobsPerCall} jobs in one request.`);
  return lines.join('\n');
}
