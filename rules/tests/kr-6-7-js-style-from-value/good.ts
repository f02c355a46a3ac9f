const COLORS = { ok: 'green', ng: 'red' };
kintone.events.on('app.record.index.show', (event) => {
  const el = kintone.app.getHeaderSpaceElement();
  el.style.cssText = 'font-weight: bold';
  el.style.color = COLORS[event.records[0].status.value] || 'black';
  el.setAttribute('style', 'display:none');
  return event;
});
