// krewlint:ignore-next-line 6-7 reason="legacy"
eval(x); /* krewlint:disable 6-7 until=2099-12-31 reason="a" */
const s = "// krewlint:ignore 6-7";
`${"// krewlint:ignore"}`
