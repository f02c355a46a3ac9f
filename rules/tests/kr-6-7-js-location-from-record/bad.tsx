import React from 'react';

export function Go({ record }: { record: Record<string, { value: string }> }) {
  return <button onClick={() => { location.href = record.link.value; }}>Go</button>; // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
}
