async function load(id: string): Promise<unknown> {
  const res: Response = await fetch('http://api.example.com/items/' + id); // krewlint-expect: KR-6-7-JS-HTTP-URL
  const [body] = await kintone.proxy('http://api.example.com/log', 'POST', {}, { id }) as [string, number]; // krewlint-expect: KR-6-7-JS-HTTP-URL
  return res.json();
}
