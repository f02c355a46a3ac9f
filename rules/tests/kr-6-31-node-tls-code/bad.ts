import https from 'https';
import type { AgentOptions } from 'https';

const opts: AgentOptions = {
  rejectUnauthorized: false, // krewlint-expect: KR-6-31-NODE-TLS-CODE
};
export const agent = new https.Agent({ ...opts, maxVersion: 'TLSv1.1' }); // krewlint-expect: KR-6-31-NODE-TLS-CODE
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // krewlint-expect: KR-6-31-NODE-TLS-CODE
