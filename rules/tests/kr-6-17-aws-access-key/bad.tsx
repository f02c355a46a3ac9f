import React from 'react';

const KEY = 'AKIAZ7Q4M2XK5RT3WV6B'; // krewlint-expect: KR-6-17-AWS-ACCESS-KEY

export function Upload(): JSX.Element {
  return <input type="file" data-key={KEY} />;
}
