import React from 'react';

export function Formula({ code }: { code: string }) {
  const value = eval(code); // krewlint-expect: KR-6-7-JS-EVAL
  return <span>{String(value)}</span>;
}
