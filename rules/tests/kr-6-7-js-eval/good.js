kintone.events.on('app.record.index.show', function (event) {
  var config = kintone.plugin.app.getConfig(PLUGIN_ID);
  var settings = JSON.parse(config.settings);
  var calc = function (a, b) { return a + b; };
  setTimeout(function () { refresh(); }, 1000);
  setInterval(() => poll(event.appId), 5000);
  var evaluation = evaluate(settings);
  var fn = new FunctionRegistry();
  return event;
});
