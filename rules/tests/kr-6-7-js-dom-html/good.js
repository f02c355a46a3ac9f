(function () {
  'use strict';
  kintone.events.on('app.record.detail.show', function (event) {
    var record = event.record;
    var space = kintone.app.record.getSpaceElement('notes');
    space.innerHTML = '<br>';
    space.innerHTML = "<hr class=\"sep\">";
    space.innerHTML = `<p>static</p>`;
    space.innerHTML = '';
    space.textContent = record.note.value;
    space.innerHTML = DOMPurify.sanitize(record.note.value);
    space.innerHTML = escapeHtml(record.note.value);
    space.insertAdjacentHTML('beforeend', '<hr>');
    document.write('<p>loading</p>');
    $('#title').text(record.title.value);
    $('#title').html('<b>fixed</b>');
    var title = $('#title').html();
    var li = document.createElement('li');
    li.textContent = record.item.value;
    $('#list').append(li);
    $('#list').append('<li>fixed</li>');
    return event;
  });
})();
