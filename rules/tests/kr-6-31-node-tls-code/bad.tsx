import React from 'react';
import https from 'https';

const agent = new https.Agent({ rejectUnauthorized: false }); // krewlint-expect: KR-6-31-NODE-TLS-CODE

export function Status(): JSX.Element {
  return <span data-agent={String(agent)}>ok</span>;
}
