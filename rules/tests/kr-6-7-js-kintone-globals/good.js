(function (PLUGIN_ID) {
  'use strict';
  const state = { ready: false };
  kintone.events.on('app.record.index.show', (event) => {
    state.ready = true;
    return event;
  });
})(kintone.$PLUGIN_ID);
