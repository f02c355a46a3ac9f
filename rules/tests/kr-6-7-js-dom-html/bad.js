(function () {
  'use strict';
  kintone.events.on('app.record.detail.show', function (event) {
    var record = event.record;
    var space = kintone.app.record.getSpaceElement('notes');
    space.innerHTML = record.note.value; // krewlint-expect: KR-6-7-JS-DOM-HTML
    space.innerHTML = '<b>' + record.title.value + '</b>'; // krewlint-expect: KR-6-7-JS-DOM-HTML
    // krewlint-expect: KR-6-7-JS-DOM-HTML
    space.outerHTML = `<p>${record.title.value}</p>`;
    space.innerHTML += record.memo.value; // krewlint-expect: KR-6-7-JS-DOM-HTML
    space.insertAdjacentHTML('beforeend', record.memo.value); // krewlint-expect: KR-6-7-JS-DOM-HTML
    document.write(record.memo.value); // krewlint-expect: KR-6-7-JS-DOM-HTML
    $('#title').html(record.title.value); // krewlint-expect: KR-6-7-JS-DOM-HTML
    $('#list').append('<li>' + record.item.value + '</li>'); // krewlint-expect: KR-6-7-JS-DOM-HTML
    $('#list').append(`<li>${record.item.value}</li>`); // krewlint-expect: KR-6-7-JS-DOM-HTML
    return event;
  });
})();
