declare const PLUGIN_ID: string;
kintone.events.on('app.record.index.show', (event: { appId: number }) => {
  const config: Record<string, string> = kintone.plugin.app.getConfig(PLUGIN_ID);
  const settings = JSON.parse(config.settings) as object;
  const calc = (a: number): number => a * 2;
  setTimeout(() => refresh(event.appId), 1000);
  return event;
});
