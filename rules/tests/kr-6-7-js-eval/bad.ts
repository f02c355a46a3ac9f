declare const PLUGIN_ID: string;
kintone.events.on('app.record.index.show', (event: { appId: number }) => {
  const config: Record<string, string> = kintone.plugin.app.getConfig(PLUGIN_ID);
  const settings = eval(config.settings) as object; // krewlint-expect: KR-6-7-JS-EVAL
  const calc = new Function('a', config.formula) as (a: number) => number; // krewlint-expect: KR-6-7-JS-EVAL
  setTimeout(`refresh(${event.appId})`, 1000); // krewlint-expect: KR-6-7-JS-EVAL
  return event;
});
