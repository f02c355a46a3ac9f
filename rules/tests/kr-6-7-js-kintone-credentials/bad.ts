const headers = {
  'X-Cybozu-API-Token': 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd', // krewlint-expect: KR-6-7-JS-KINTONE-CREDENTIALS
};
const h2 = {};
h2['X-Cybozu-Authorization'] = 'YWRtaW46cGFzc3dvcmQ='; // krewlint-expect: KR-6-7-JS-KINTONE-CREDENTIALS
kintone.proxy('https://krew.example/api', 'GET', headers, {});
