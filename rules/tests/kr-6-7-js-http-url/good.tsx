import React, { useEffect, useState } from 'react';

export function Items() {
  const [items, setItems] = useState<string[]>([]);
  useEffect(() => {
    fetch('https://api.example.com/items')
      .then((r) => r.json())
      .then(setItems);
  }, []);
  return <a href="http://example.com/about">{items.length}</a>;
}
