import axios, { AxiosInstance } from 'axios';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';

export const api: AxiosInstance = axios.create({ baseURL: 'https://api.example.com' });
export const kc = new KintoneRestAPIClient({ baseUrl: 'https://example.cybozu.com', auth: { apiToken: process.env.TOKEN as string } });
