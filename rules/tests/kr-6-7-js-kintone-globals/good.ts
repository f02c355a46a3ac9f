declare const kintone: any;
const settings = kintone.plugin.app.getConfig("plugin");
export default settings;
