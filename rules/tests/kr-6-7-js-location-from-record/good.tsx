import React from 'react';

export function Go({ record }: { record: Record<string, { value: string }> }) {
  const safe = /^https:\/\//.test(record.link.value) ? record.link.value : '#';
  return <a href={safe}>Go</a>;
}
