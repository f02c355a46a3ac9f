async function load(id: string): Promise<unknown> {
  const res: Response = await fetch('https://api.example.com/items/' + id);
  const [body] = await kintone.proxy('https://api.example.com/log', 'POST', {}, { id }) as [string, number];
  return res.json();
}
