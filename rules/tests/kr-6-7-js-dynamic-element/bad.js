kintone.events.on('app.record.detail.show', (event) => {
  const tag = event.record.tag.value;
  // krewlint-expect: KR-6-7-JS-DYNAMIC-ELEMENT
  const el = document.createElement(tag);
  kintone.app.record.getSpaceElement('space').appendChild(el);
  return event;
});
