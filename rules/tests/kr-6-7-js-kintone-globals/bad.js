// krewlint-expect: KR-6-7-JS-KINTONE-GLOBALS
window.kintone = window.kintone || {};
// krewlint-expect: KR-6-7-JS-KINTONE-GLOBALS
kintone.api = function () {};
// krewlint-expect: KR-6-7-JS-KINTONE-GLOBALS
var cybozu = {};
