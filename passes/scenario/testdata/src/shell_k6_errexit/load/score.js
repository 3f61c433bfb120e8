import http from 'k6/http';

// A latency threshold only: k6 exits zero however many requests fail.
export const options = { vus: 20, duration: '60s', thresholds: { http_req_duration: ['p(95)<500'] } };

export default function () {
  http.post(`${__ENV.API}/score`, JSON.stringify({ amount: 12.5 }));
}
