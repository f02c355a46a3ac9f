kintone.events.on('app.record.index.show', (event) => {
  const el = kintone.app.getHeaderSpaceElement();
  el.style.cssText = 'color:' + event.records[0].color.value; // krewlint-expect: KR-6-7-JS-STYLE-FROM-VALUE
  el.setAttribute('style', event.records[0].css.value); // krewlint-expect: KR-6-7-JS-STYLE-FROM-VALUE
  return event;
});
