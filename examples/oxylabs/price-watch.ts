// Scrapes competitor prices through the Oxylabs Web Scraper API (realtime integration).
import axios from 'axios';

const OXYLABS_URL = 'https://realtime.oxylabs.io/v1/queries';
const auth = { username: process.env.OXYLABS_USER!, password: process.env.OXYLABS_PASS! };

const PRODUCT_PAGES = [
  'https://shop.example.com/p/1001', 'https://shop.example.com/p/1002', 'https://shop.example.com/p/1003',
  'https://shop.example.com/p/1004', 'https://shop.example.com/p/1005', 'https://shop.example.com/p/1006',
];

async function scrape(url: string) {
  const { data } = await axios.post(OXYLABS_URL, { source: 'universal', url, render: 'html', parse: true }, { auth });
  return data.results[0].content;
}

export async function refreshPrices(): Promise<unknown[]> {
  return Promise.all(PRODUCT_PAGES.map((url) => scrape(url)));
}
