import React, { useEffect, useRef } from 'react';

type Props = { record: Record<string, { value: string }> };

export function Note({ record }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.innerHTML = record.note.value; // krewlint-expect: KR-6-7-JS-DOM-HTML
      ref.current.insertAdjacentHTML('afterend', `<i>${record.note.value}</i>`); // krewlint-expect: KR-6-7-JS-DOM-HTML
    }
  }, [record]);
  return <div ref={ref} className="note" />;
}
