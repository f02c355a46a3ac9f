kintone.events.on('app.record.detail.show', (event) => {
  const a = document.createElement('a');
  a.href = 'https://krew.example/help';
  a.href = `https://krew.example/records/${event.recordId}`;
  a.href = safeUrl(event.record.homepage.value);
  const img = document.createElement('img');
  img.setAttribute('src', '/k/api/file.json');
  img.src = URL.createObjectURL(blob);
  return event;
});
