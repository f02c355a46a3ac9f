import React, { useEffect, useRef } from 'react';

type Props = { record: Record<string, { value: string }> };

export function Note({ record }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.innerHTML = '<br>';
      ref.current.textContent = record.note.value;
    }
  }, [record]);
  return <div ref={ref}>{record.note.value}</div>;
}
