import React from 'react';

const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----'; // krewlint-expect: KR-6-17-PRIVATE-KEY

export function Deploy(): JSX.Element {
  return <pre>{SSH_KEY.length}</pre>;
}
