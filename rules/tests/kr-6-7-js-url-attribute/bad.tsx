kintone.events.on('app.record.detail.show', (event) => {
  const a = document.createElement('a');
  a.href = event.record.homepage.value; // krewlint-expect: KR-6-7-JS-URL-ATTRIBUTE
  const img = document.createElement('img');
  img.setAttribute('src', event.record.photo.value); // krewlint-expect: KR-6-7-JS-URL-ATTRIBUTE
  return event;
});
