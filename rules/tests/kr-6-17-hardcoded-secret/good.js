const { KintoneRestAPIClient } = require('@kintone/rest-api-client');

const password = process.env.DB_PASSWORD;
const placeholder = { password: 'changeme', apiToken: '${KINTONE_API_TOKEN}', secret: '<your-secret>' };
const masked = { token: 'xxxxxxxxxxxx', password: '********', dummyPassword: 'dummy-password-1' };
const template = { token: '{{ api_token }}', password: '$DB_PASSWORD' };
const labels = { password: 'Enter your password', token: 'aaaaaaaaaaaaaaaa' };
const tokenUrl = 'https://example.com/oauth/token';
const passwordField = 'password';
const client = new KintoneRestAPIClient({
  baseUrl: 'https://example.cybozu.com',
  auth: { apiToken: process.env.KINTONE_API_TOKEN },
});
const short = { pwd: 'abc123' };
