// Nightly export of every Yida form instance into the reporting database.
import axios from 'axios';

const dingtalk = axios.create({ baseURL: 'https://api.dingtalk.com' });

export async function exportAll(token: string, formUuid: string, save: (rows: unknown[]) => Promise<void>): Promise<void> {
  for (let page = 1; ; page++) {
    const { data } = await dingtalk.post(
      '/v1.0/yida/forms/instances/search',
      { appType: 'APP_XXXX', systemToken: 'TOKEN', userId: 'exporter', formUuid, currentPage: page, pageSize: 100 },
      { headers: { 'x-acs-dingtalk-access-token': token } },
    );
    await save(data.data ?? []);
    if (!data.data?.length) break;
  }
}
