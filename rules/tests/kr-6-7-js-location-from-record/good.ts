kintone.events.on('app.record.detail.show', (event: { record: Record<string, { value: string }> }) => {
  const target: string = '/k/' + String(kintone.app.getId()) + '/';
  window.location.href = target;
  return event;
});
