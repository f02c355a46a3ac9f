kintone.events.on('app.record.detail.show', function (event) {
  var record = event.record;
  location.href = record.link.value; // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
  window.location.href = event.record['リンク'].value; // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
  window.location = record.link.value; // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
  location.assign(record.link.value); // krewlint-expect: KR-6-7-JS-LOCATION-FROM-RECORD
  return event;
});
