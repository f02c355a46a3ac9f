kintone.events.on('app.record.index.show', function (event) {
  var config = kintone.plugin.app.getConfig(PLUGIN_ID);
  var settings = eval('(' + config.settings + ')'); // krewlint-expect: KR-6-7-JS-EVAL
  var calc = new Function('a', 'b', config.formula); // krewlint-expect: KR-6-7-JS-EVAL
  var calc2 = Function(config.formula); // krewlint-expect: KR-6-7-JS-EVAL
  window.eval(config.script); // krewlint-expect: KR-6-7-JS-EVAL
  setTimeout('refresh()', 1000); // krewlint-expect: KR-6-7-JS-EVAL
  // krewlint-expect: KR-6-7-JS-EVAL
  setInterval('poll(' + event.appId + ')', 5000);
  return event;
});
