import React from 'react';

export function KeyHelp(): JSX.Element {
  return <p>Paste the key that starts with -----BEGIN OPENSSH PRIVATE KEY----- into the vault.</p>;
}
