import http from 'k6/http';
import { check } from 'k6';

export const options = {
  vus: 20,
  duration: '60s',
  thresholds: {
    http_req_failed: ['rate==0'],
    http_req_duration: ['p(99)<50'],
  },
};

export default function () {
  const res = http.post(`${__ENV.API}/score`, JSON.stringify({ amount: 12.5 }), {
    headers: { 'Content-Type': 'application/json' },
  });
  check(res, { 'status is 200': (r) => r.status === 200 });
}
