kintone.events.on('app.record.detail.show', (event) => {
  const kind = event.record.kind.value;
  const el = document.createElement('div');
  el.className = kind === 'list' ? 'as-list' : 'as-block';
  const span = document.createElement('span');
  el.appendChild(span);
  return event;
});
