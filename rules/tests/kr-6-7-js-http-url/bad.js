kintone.events.on('app.record.create.submit', function (event) {
  var url = 'http://api.example.com/v1/items'; // a plain variable is not followed
  kintone.proxy('http://api.example.com/v1/items', 'POST', {}, {}); // krewlint-expect: KR-6-7-JS-HTTP-URL
  kintone.api('http://intranet.example.com/k/v1/record.json', 'GET', {}); // krewlint-expect: KR-6-7-JS-HTTP-URL
  fetch('http://api.example.com/v1/items?id=' + event.record.id.value); // krewlint-expect: KR-6-7-JS-HTTP-URL
  fetch(`http://api.example.com/v1/items/${event.record.id.value}`); // krewlint-expect: KR-6-7-JS-HTTP-URL
  var xhr = new XMLHttpRequest();
  xhr.open('GET', "http://api.example.com/v1/items"); // krewlint-expect: KR-6-7-JS-HTTP-URL
  kintone.proxy.upload('http://files.example.com/up', 'POST', {}, {}); // krewlint-expect: KR-6-7-JS-HTTP-URL
  return event;
});
