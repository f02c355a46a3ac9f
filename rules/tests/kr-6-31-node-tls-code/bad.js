const https = require('https');
const tls = require('tls');

const agent = new https.Agent({
  rejectUnauthorized: false, // krewlint-expect: KR-6-31-NODE-TLS-CODE
  minVersion: 'TLSv1.1', // krewlint-expect: KR-6-31-NODE-TLS-CODE
});
const socket = tls.connect(443, 'api.example.com', {
  'maxVersion': "TLSv1", // krewlint-expect: KR-6-31-NODE-TLS-CODE
  secureProtocol: 'TLSv1_method', // krewlint-expect: KR-6-31-NODE-TLS-CODE
});
const options = {};
options.rejectUnauthorized = false; // krewlint-expect: KR-6-31-NODE-TLS-CODE
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // krewlint-expect: KR-6-31-NODE-TLS-CODE
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0; // krewlint-expect: KR-6-31-NODE-TLS-CODE
