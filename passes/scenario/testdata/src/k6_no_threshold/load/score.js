import http from 'k6/http';
import { sleep } from 'k6';

export const options = { vus: 20, duration: '60s', thresholds: { http_req_duration: ['p(95)<500'] } };

export function setup() {
  sleep(10);
}

export default function () {
  http.post(`${__ENV.API}/score`, JSON.stringify({ amount: 12.5 }));
  if (__VU === 1 && __ITER === 100) {
    http.post(`${__ENV.API}/admin/reload`, JSON.stringify({ path: '/models/next/pipeline.mojo' }));
  }
}
