import https from 'https';
import type { AgentOptions } from 'https';

const opts: AgentOptions = {
  rejectUnauthorized: true,
  minVersion: 'TLSv1.2',
};
export const agent = new https.Agent({ ...opts, maxVersion: 'TLSv1.3' });
