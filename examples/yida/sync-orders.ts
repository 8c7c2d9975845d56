// Hourly job: copies new orders from the ERP into the Yida "Orders" form.
import cron from 'node-cron';
import Yida, * as $yida from '@alicloud/dingtalk/yida_1_0';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';

const APP_TYPE = 'APP_XXXXXXXX';
const SYSTEM_TOKEN = process.env.YIDA_SYSTEM_TOKEN!;
const FORM_UUID = 'FORM-ORDERS';

const yida = new Yida(new $OpenApi.Config({ protocol: 'https', regionId: 'central' }));

async function fetchNewOrders(): Promise<{ id: string; total: number }[]> {
  const res = await fetch('https://erp.example.com/api/orders?status=new');
  return res.json() as Promise<{ id: string; total: number }[]>;
}

async function saveOrder(token: string, order: { id: string; total: number }): Promise<void> {
  const headers = new $yida.SaveFormDataHeaders({ xAcsDingtalkAccessToken: token });
  await yida.saveFormDataWithOptions(
    new $yida.SaveFormDataRequest({
      appType: APP_TYPE, systemToken: SYSTEM_TOKEN, userId: 'sync-bot', formUuid: FORM_UUID,
      formDataJson: JSON.stringify({ orderId: order.id, total: order.total }),
    }),
    headers,
    new $Util.RuntimeOptions({ autoretry: true }),
  );
}

cron.schedule('0 * * * *', async () => {
  const token = process.env.DINGTALK_TOKEN!;
  const orders = await fetchNewOrders();
  await Promise.all(orders.map((order) => saveOrder(token, order)));
});
