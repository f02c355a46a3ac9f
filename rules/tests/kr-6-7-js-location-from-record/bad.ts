kintone.events.on('app.record.detail.show', (event: { record: Record<string, { value: string }> }) => {
  const { record } = event;
  window.location.href = record.link.value as string; // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
  return event;
});
