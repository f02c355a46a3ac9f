kintone.events.on('app.record.detail.show', function (event) {
  var record = event.record;
  var url = new URL(record.link.value);
  if (url.protocol === 'https:') {
    window.open(url.href, '_blank', 'noopener');
  }
  location.href = '/k/' + kintone.app.getId() + '/';
  location.reload();
  var recordsLink = location.href;
  return event;
});
