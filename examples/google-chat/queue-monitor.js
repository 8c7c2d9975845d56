// Posts the job queue depth to the on-call space through an incoming webhook.
const fetch = require('node-fetch');

const WEBHOOK_URL = 'https://chat.googleapis.com/v1/spaces/AAAAoncall/messages?key=KEY&token=TOKEN';

function queueDepth() {
  return Math.floor(Math.random() * 100);
}

setInterval(async () => {
  await fetch(WEBHOOK_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ text: `queue depth: ${queueDepth()}` }),
  });
}, 500);
