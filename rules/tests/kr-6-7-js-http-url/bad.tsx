import React, { useEffect, useState } from 'react';

export function Items() {
  const [items, setItems] = useState<string[]>([]);
  useEffect(() => {
    fetch('http://api.example.com/items') // krewlint-expect: KR-6-7-JS-HTTP-URL
      .then((r) => r.json())
      .then(setItems);
  }, []);
  return <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>;
}
