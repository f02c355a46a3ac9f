const https = require('https');
const tls = require('tls');
const fs = require('fs');

const agent = new https.Agent({
  rejectUnauthorized: true,
  minVersion: 'TLSv1.2',
  ca: fs.readFileSync('/etc/ssl/private-ca.pem'),
});
const socket = tls.connect(443, 'api.example.com', {
  maxVersion: 'TLSv1.3',
  minVersion: process.env.TLS_MIN,
  secureProtocol: 'TLS_method',
});
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
