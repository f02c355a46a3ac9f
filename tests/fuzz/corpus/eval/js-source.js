// krewlint:ignore KR-6-7-JS-EVAL reason="test"
eval(x);
new Function('a', 'return a');
setTimeout("alert(1)", 10);
el.innerHTML = `<b>${name}</b>`;
const u = 'http://example.com';
https.request({rejectUnauthorized: false});
const key = 'AKIAIOSFODNN7EXAMPLE';
