kintone.api(kintone.api.url('/k/v1/records', true), 'GET', { app: kintone.app.getId() });
const headers = { 'X-Requested-With': 'XMLHttpRequest', 'X-Cybozu-API-Token': tokenFromServer };
