// Submits a batch of keyword searches (push-pull) and waits for each job's results.
import axios from 'axios';

const auth = { username: process.env.OXYLABS_USER!, password: process.env.OXYLABS_PASS! };

export async function searchAll(keywords: string[]): Promise<unknown[]> {
  const { data } = await axios.post(
    'https://data.oxylabs.io/v1/queries/batch',
    { source: 'amazon_search', query: keywords, geo_location: '10005', parse: true },
    { auth },
  );
  const results: unknown[] = [];
  for (const job of data.queries) {
    let res;
    do {
      res = await axios.get(`https://data.oxylabs.io/v1/queries/${job.id}/results`, { auth });
    } while (res.status === 204);
    results.push(res.data);
  }
  return results;
}
