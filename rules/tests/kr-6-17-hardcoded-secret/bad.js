const { KintoneRestAPIClient } = require('@kintone/rest-api-client');

const password = 'Tr0ub4dor&3x'; // krewlint-expect: KR-6-17-HARDCODED-SECRET
const client = new KintoneRestAPIClient({
  baseUrl: 'https://example.cybozu.com',
  auth: { apiToken: 'q8Zr2LmX0vT7pW1kB4nC6yD9sE3fG5hJ7kL0mN2p' }, // krewlint-expect: KR-6-17-HARDCODED-SECRET
});
const headers = {
  'X-Cybozu-API-Token': 'Vb3Kx9Qm2Rt7Yw1Zp5Ld8Nf4Hs6Jc0Ga2Ue7Io9', // krewlint-expect: KR-6-17-HARDCODED-SECRET
};
config.db.password = "s3cr3t-P@ssw0rd"; // krewlint-expect: KR-6-17-HARDCODED-SECRET
let clientSecret;
clientSecret = `9f8e7d6c5b4a39281706f5e4d3c2b1a0`; // krewlint-expect: KR-6-17-HARDCODED-SECRET
