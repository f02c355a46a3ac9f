const axios = require('axios');
const http = require('http');

axios.get('http://api.example.com/v1/items'); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
http.get(`http://api.example.com/v1/${id}`, (res) => res.resume()); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
const api = axios.create({ baseURL: 'http://api.example.com' }); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
