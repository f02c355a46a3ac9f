const axios = require('axios');
const https = require('https');

axios.get('https://api.example.com/v1/items');
https.get(`https://api.example.com/v1/${id}`, (res) => res.resume());
const api = axios.create({ baseURL: 'https://api.example.com' });
const dev = axios.create({ baseURL: 'http://localhost:3000' });
