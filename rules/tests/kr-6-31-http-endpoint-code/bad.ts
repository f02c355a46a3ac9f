import axios, { AxiosInstance } from 'axios';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';

export const api: AxiosInstance = axios.create({ baseURL: 'http://api.example.com' }); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
export const kc = new KintoneRestAPIClient({ baseUrl: 'http://example.cybozu.com', auth: { apiToken: process.env.TOKEN as string } }); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
