import React from 'react';
import https from 'https';

const agent = new https.Agent({ minVersion: 'TLSv1.3' });

export function Status(): JSX.Element {
  return <span data-agent={String(agent)}>ok</span>;
}
