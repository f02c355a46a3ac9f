kintone.events.on('app.record.create.submit', function (event) {
  kintone.proxy('https://api.example.com/v1/items', 'POST', {}, {});
  kintone.api(kintone.api.url('/k/v1/record.json', true), 'GET', {});
  fetch('https://api.example.com/v1/items?id=' + event.record.id.value);
  fetch('http://localhost:8080/dev');
  var xhr = new XMLHttpRequest();
  xhr.open('GET', 'https://api.example.com/v1/items');
  window.open('https://example.com/help', '_blank');
  console.log('see http://example.com for details');
  return event;
});
