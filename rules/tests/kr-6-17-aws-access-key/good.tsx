import React from 'react';

export function Upload({ keyId }: { keyId: string }): JSX.Element {
  return <input type="file" data-key={keyId} placeholder="AKIA..." />;
}
